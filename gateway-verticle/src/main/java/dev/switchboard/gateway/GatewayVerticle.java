package dev.switchboard.gateway;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.ops.Health;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** The HTTP edge: wires the routes of each resource, health and error mapping, and listens. */
public final class GatewayVerticle extends VerticleBase {
  /** Bodies above this are refused with 413. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private final SwitchboardConfig config;
  private final Health health;
  private final RabbitConnection rabbit;
  private ServiceClients clients;
  private HttpServer server;

  /** @param rabbit the process's RabbitMQ connection, or null when RabbitMQ is not enabled */
  public GatewayVerticle(SwitchboardConfig config, Health health, RabbitConnection rabbit) {
    this.config = config;
    this.health = health;
    this.rabbit = rabbit;
  }

  @Override
  public Future<?> start() {
    clients = new ServiceClients(vertx, config, rabbit);
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    router.route().failureHandler(ErrorMapper::handle);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    health.mount(router);
    new PingHandler(clients.client(Service.PING), clients.client(Service.PONG)).mount(router);
    new UserHandler(clients.client(Service.USER)).mount(router);
    new OrderHandler(clients.client(Service.ORDER)).mount(router);
    router.errorHandler(404, ErrorMapper::handle);
    router.errorHandler(405, ErrorMapper::handle);
    router.errorHandler(500, ErrorMapper::handle);

    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false));
    return server.requestHandler(router).listen(config.http().port(), config.http().host());
  }

  @Override
  public Future<?> stop() {
    return clients == null ? Future.succeededFuture() : clients.close();
  }
}
