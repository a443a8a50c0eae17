package dev.switchboard.shared.ops;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP port of a service process without a gateway: /health, /ready and /metrics. */
public final class OpsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);
  private final SwitchboardConfig.Http http;
  private final Health health;
  private HttpServer server;

  public OpsVerticle(SwitchboardConfig.Http http, Health health) {
    this.http = http;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    health.mount(router);
    Metrics.mount(vertx, router);
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(http.port(), http.host())
        .onSuccess(s -> LOG.info("Health endpoints on http://{}:{}/health and /ready", displayHost(http.host()),
            s.actualPort()));
  }

  public int actualPort() {
    return server.actualPort();
  }

  static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "localhost" : host;
  }
}
