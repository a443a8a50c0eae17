package dev.switchboard.gateway;

import dev.switchboard.cache.CacheRelay;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.contract.ping.PongApi;
import dev.switchboard.contract.user.UserApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's routes, error mapping, request ids and in-process cache on a loopback port, in front of
 * the typed APIs a test hands it (fakes): no broker, no database.
 */
final class GatewayFixture implements AutoCloseable {
  static final int MAX_BODY = 64 * 1024;
  final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final WebClient client;

  GatewayFixture(PingApi ping, PongApi pong, UserApi users, OrderApi orders) throws Exception {
    ErrorMapper errors = new ErrorMapper(() -> false);
    Routes routes = new Routes(errors, new ContractValidator(OpenApiDocumentTest.contract(vertx)));
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    router.route().failureHandler(errors::handle);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    CachedReads cached = new CachedReads(new LocalCache(Duration.ofMinutes(1), 100, 10, new CacheRelay(vertx, null)));
    new PingHandler(ping, pong).mount(router, routes);
    new UserHandler(users, cached, Guard.open()).mount(router, routes);
    new OrderHandler(orders, cached, Guard.open()).mount(router, routes);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors::handle);
    }
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, Object body, String... headers) throws Exception {
    var request = client.request(method, server.actualPort(), "127.0.0.1", path);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    var sent = body == null ? request.send() : body instanceof JsonObject json ? request.sendJsonObject(json)
        : request.sendBuffer((Buffer) body);
    return sent.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** What a fake API was asked, and what it answers next. */
  static final class Script {
    final List<Object> calls = new ArrayList<>();
    Supplier<Future<?>> next = () -> Future.failedFuture(new IllegalStateException("no answer set"));

    @SuppressWarnings("unchecked")
    <T> Future<T> answer(Object request) {
      calls.add(request);
      return (Future<T>) next.get();
    }
  }
}
