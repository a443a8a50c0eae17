package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public port opens before the services behind it (they wait for their database); a request in that
 * window gets a 503 that says the system is starting and when to retry, not a bare "not available".
 */
@ExtendWith(VertxExtension.class)
class StartingIT {

  @Test
  void aRequestWhileTheServicesStartIsAnswered503StartingWithRetryAfter(Vertx vertx) {
    TestConfig config = TestConfig.create().withPostgres("starting");
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    TcpProxy slowDatabase = new TcpProxy(vertx, pg.host(), pg.port());
    int proxyPort = Await.result(slowDatabase.start());
    // the services' migrations wait on a database that is slow to answer; the gateway does not
    slowDatabase.delayConnects(Duration.ofSeconds(3));
    JsonObject conf = config.json();
    conf.getJsonObject("postgres").put("port", proxyPort);
    try {
      vertx.deployVerticle(new StandaloneApplication(), new DeploymentOptions().setConfig(conf));
      HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
      AtomicReference<HttpResponse<Buffer>> first = new AtomicReference<>();
      Await.until("the public port to answer", Duration.ofSeconds(30), () -> {
        Future<HttpResponse<Buffer>> answer = http.send(HttpMethod.GET, "/users/1", null);
        try {
          first.set(Await.result(answer, Duration.ofSeconds(2)));
          return true;
        } catch (Throwable notYet) {
          return false;
        }
      });
      HttpResponse<Buffer> early = first.get();
      assertThat(early.statusCode()).isEqualTo(503);
      assertThat(early.getHeader("Retry-After")).isEqualTo("1");
      assertThat(early.getHeader("content-type")).isEqualTo("application/problem+json");
      assertThat(early.bodyAsJsonObject().getString("detail")).contains("starting");
      assertThat(http.get("/ready").statusCode()).isEqualTo(503);

      slowDatabase.delayConnects(Duration.ZERO);
      Await.until("the system ready", Duration.ofSeconds(60), () -> http.get("/ready").statusCode() == 200);
      assertThat(http.get("/users/2000000000").statusCode()).isEqualTo(404);
    } finally {
      Await.result(vertx.close());
      config.cleanUp();
    }
  }
}
