package dev.switchboard.gateway;

import dev.switchboard.shared.cache.ResponseCache;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.ops.Health;
import dev.switchboard.shared.ops.Metrics;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP edge: wires the routes of each resource, health and error mapping, and listens. */
public final class GatewayVerticle extends VerticleBase {
  /** Bodies above this are refused with 413. */
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.switchboard.access");

  private final SwitchboardConfig config;
  private final Health health;
  private final RabbitConnection rabbit;
  private final ResponseCache cache;
  private ServiceClients clients;
  private HttpServer server;

  /** @param rabbit the process's RabbitMQ connection, or null when RabbitMQ is not enabled */
  public GatewayVerticle(SwitchboardConfig config, Health health, RabbitConnection rabbit, ResponseCache cache) {
    this.config = config;
    this.health = health;
    this.rabbit = rabbit;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    clients = new ServiceClients(vertx, config, rabbit);
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    router.route().handler(GatewayVerticle::accessLog);
    router.route().failureHandler(ErrorMapper::handle);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    health.mount(router);
    Metrics.mount(vertx, router);
    new PingHandler(clients.client(Service.PING), clients.client(Service.PONG)).mount(router);
    CachedReads cached = new CachedReads(cache);
    new UserHandler(clients.client(Service.USER), cached).mount(router);
    new OrderHandler(clients.client(Service.ORDER), cached).mount(router);
    router.errorHandler(404, ErrorMapper::handle);
    router.errorHandler(405, ErrorMapper::handle);
    router.errorHandler(500, ErrorMapper::handle);

    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false));
    return server.requestHandler(router).listen(config.http().port(), config.http().host());
  }

  /** One line per request on {@code dev.switchboard.access}, logged under the request's id. */
  private static void accessLog(io.vertx.ext.web.RoutingContext ctx) {
    if (!ACCESS.isInfoEnabled()) {
      ctx.next();
      return;
    }
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> ACCESS.info("{} {} {} {} ms", ctx.request().method(), ctx.request().uri(),
        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  /** Stops accepting connections and lets the requests in flight finish (at most the shutdown grace). */
  @Override
  public Future<?> stop() {
    Future<Void> closing = server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdown().grace().toMillis(), TimeUnit.MILLISECONDS);
    return closing.eventually(() -> clients == null ? Future.succeededFuture() : clients.close());
  }
}
