package dev.switchboard.standalone;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.JarProcess;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Deploys an application in the test's Vert.x and waits until its /ready says it serves. */
final class Apps {
  private Apps() {
  }

  static String deployReady(Vertx vertx, Deployable app, JsonObject conf) {
    String id = Await.result(vertx.deployVerticle(app, new DeploymentOptions().setConfig(conf)));
    int port = conf.getJsonObject("http").getInteger("port");
    Await.until(app.getClass().getSimpleName() + " to be ready on port " + port, Duration.ofSeconds(60),
        () -> JarProcess.status(port, "/ready") == 200);
    return id;
  }

  static String deployStandalone(Vertx vertx, JsonObject conf) {
    return deployReady(vertx, new StandaloneApplication(), conf);
  }
}
