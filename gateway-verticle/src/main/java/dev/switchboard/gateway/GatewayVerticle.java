package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Access;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.contract.ping.PongApi;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.platform.ops.Health;
import dev.switchboard.messaging.rabbit.Broker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: wires the routes of each resource, health and error mapping, the limits a client must
 * respect, and listens. Operators' endpoints (metrics, detailed readiness) are on the operations port.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.switchboard.access");

  private final SwitchboardConfig config;
  private final Health health;
  private final Broker rabbit;
  private final ResponseCache cache;
  private final BooleanSupplier starting;
  private final Circuits circuits;
  private final GatewayAuth auth;
  private final OpenApiDocument api;
  private final ContractValidator contract;
  private final DocsPage docs;
  private final boolean console;
  private final Traffic traffic = new Traffic();
  private ConsolePage consolePage;
  private long trafficTimer = -1;
  private ServiceClients clients;
  private ClientTimeouts timeouts;
  private HttpServer server;

  /**
   * @param rabbit   the process's RabbitMQ connections, or null when RabbitMQ is not enabled
   * @param starting whether the services of this process are still starting
   */
  GatewayVerticle(SwitchboardConfig config, Health health, Broker rabbit, ResponseCache cache,
                  BooleanSupplier starting, Circuits circuits, GatewayAuth auth, OpenApiDocument api,
                  ContractValidator contract, DocsPage docs, boolean console) {
    this.console = console;
    this.auth = auth;
    this.api = api;
    this.contract = contract;
    this.docs = docs;
    this.config = config;
    this.health = health;
    this.rabbit = rabbit;
    this.cache = cache;
    this.starting = starting;
    this.circuits = circuits;
  }

  @Override
  public Future<?> start() {
    SwitchboardConfig.Http http = config.http();
    clients = new ServiceClients(vertx, config, rabbit, circuits);
    timeouts = new ClientTimeouts(vertx, http.headerTimeoutMs(), http.bodyTimeoutMs(),
        TimeUnit.SECONDS.toMillis(http.idleTimeoutSeconds()));
    ErrorMapper errors = new ErrorMapper(starting);
    Routes routes = new Routes(errors, contract);
    Router router = Router.router(vertx);
    // the edge's own steps share route handlers: each route handler costs every request a routing step
    router.route().handler(ctx -> {
      timeouts.requestStarted(ctx.request());
      RequestIds.handle(ctx);
    });
    router.route().handler(this::observe);
    router.route().failureHandler(errors::handle);
    router.route().handler(ctx -> {
      if (Requests.uriDecodes(ctx)) {
        timeouts.startBody(ctx);
      }
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(http.maxBodyBytes()));
    health.mountPublic(router);
    api.mount(router);
    docs.mount(router);
    if (console) {
      consolePage = new ConsolePage(vertx, timeouts);
      consolePage.mount(router);
      trafficTimer = vertx.setPeriodic(1_000, t -> {
        if (!traffic.isEmpty()) {
          vertx.eventBus().send(ConsoleVerticle.TRAFFIC, traffic.drain(),
              new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
        }
      });
    }
    Tokens tokens = auth.enabled() ? new Tokens(vertx, auth.settings(), auth.keys()) : null;
    Guard guard = auth.enabled() ? new Guard(Access.enforced(), auth.throttle()) : Guard.open();
    if (tokens != null) {
      router.route().handler(new Bearer(tokens)::handle);
    }
    UserApi users = UserApi.client(clients.client(Service.USER));
    mountResources(router, routes, PingApi.client(clients.client(Service.PING)), PongApi.client(clients.client(Service.PONG)),
        users, OrderApi.client(clients.client(Service.ORDER)), new CachedReads(cache), guard,
        new AuthHandler(users, tokens, tokens == null ? null : auth.keys().jwks(), guard));
    for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500, 501}) {
      router.errorHandler(status, errors::handle);
    }

    server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(false)
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(http.maxHeaderSize())
        .setMaxInitialLineLength(http.maxInitialLineLength())
        .setMaxFormAttributeSize(http.maxFormAttributeSize())
        .setMaxFormFields(http.maxFormFields())
        .setMaxFormBufferedBytes(http.maxBodyBytes()));
    return cache.open().compose(v -> server.connectionHandler(timeouts::connected)
        .invalidRequestHandler(ErrorMapper::invalidRequest).requestHandler(router)
        .listen(http.port(), http.host()));
  }

  private static void mountResources(Router router, Routes routes, PingApi ping, PongApi pong,
                                     UserApi users, OrderApi orders, CachedReads cached, Guard guard,
                                     AuthHandler auth) {
    auth.mount(router, routes);
    new PingHandler(ping, pong).mount(router, routes);
    new UserHandler(users, cached, guard).mount(router, routes);
    new OrderHandler(orders, cached, guard).mount(router, routes);
  }

  /**
   * Every resource route the gateway serves, as {@code "METHOD /path/:param"} in mounting order — what the
   * hostile-input corpus is generated from, so a route added without corpus entries fails that test.
   */
  public static List<String> routeTable(Vertx vertx) {
    Router router = Router.router(vertx);
    mountResources(router, new Routes(new ErrorMapper(() -> false), null), null, null, null, null, null, Guard.open(),
        new AuthHandler(null, null, null, Guard.open()));
    List<String> table = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        route.methods().forEach(m -> table.add(m.name() + " " + route.getPath()));
      }
    }
    return table;
  }

  /**
   * One line per request on {@code dev.switchboard.access}, logged under the request's id; and, for the
   * console, the time each API operation took ({@link Routes#ROUTE} names it).
   */
  private void observe(RoutingContext ctx) {
    boolean log = ACCESS.isInfoEnabled();
    if (!log && !console) {
      ctx.next();
      return;
    }
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      long took = System.nanoTime() - start;
      if (log) {
        ACCESS.info("{} {} {} {} ms", ctx.request().method(), ctx.request().uri(), ctx.response().getStatusCode(),
            took / 1_000_000);
      }
      String route = ctx.get(Routes.ROUTE);
      if (console && route != null) {
        traffic.record(route, took);
      }
    });
    ctx.next();
  }

  /** Stops accepting connections and lets the requests in flight finish (at most the shutdown grace). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(trafficTimer);
    if (consolePage != null) {
      consolePage.close();
    }
    Future<Void> closing = server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdown().grace().toMillis(), TimeUnit.MILLISECONDS);
    return closing.eventually(() -> {
      if (timeouts != null) {
        timeouts.close();
      }
      return clients == null ? Future.succeededFuture() : clients.close();
    });
  }
}
