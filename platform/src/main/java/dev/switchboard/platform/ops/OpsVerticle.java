package dev.switchboard.platform.ops;

import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's operations endpoints: on the operations port ({@code ops.host}:{@code ops.port}) the detailed
 * {@code /ready} and {@code /metrics}; and, in a process without a gateway, the public {@code /health} and
 * terse {@code /ready} on its HTTP port.
 */
public final class OpsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);
  private final SwitchboardConfig config;
  private final Health health;
  private final boolean servePublicPort;
  private HttpServer ops;
  private HttpServer pub;

  /** @param servePublicPort whether to listen on the HTTP port too (no module of the process does) */
  public OpsVerticle(SwitchboardConfig config, Health health, boolean servePublicPort) {
    this.config = config;
    this.health = health;
    this.servePublicPort = servePublicPort;
  }

  @Override
  public Future<?> start() {
    Router opsRouter = Router.router(vertx);
    health.mountOps(opsRouter);
    Metrics.mount(vertx, opsRouter);
    ops = vertx.createHttpServer();
    int opsPort = config.ops().portBeside(config.http());
    Future<HttpServer> opsListening = ops.requestHandler(opsRouter).listen(opsPort, config.ops().host())
        .onSuccess(s -> LOG.info("Operations endpoints on http://{}:{}/ready and /metrics", config.ops().host(),
            s.actualPort()));
    if (!servePublicPort) {
      return opsListening;
    }
    Router publicRouter = Router.router(vertx);
    health.mountPublic(publicRouter);
    pub = vertx.createHttpServer();
    Future<HttpServer> publicListening = pub.requestHandler(publicRouter)
        .listen(config.http().port(), config.http().host())
        .onSuccess(s -> LOG.info("Health endpoints on http://{}:{}/health and /ready", displayHost(config.http().host()),
            s.actualPort()));
    return Future.all(opsListening, publicListening);
  }

  public int opsPort() {
    return ops.actualPort();
  }

  static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "localhost" : host;
  }
}
