package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cache.CacheRelay;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.user.NewUser;
import dev.switchboard.contract.user.PasswordChange;
import dev.switchboard.contract.user.User;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.user.UserChanges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user routes against a fake {@link UserApi}: no broker, no database. Checks what the gateway itself
 * decides — the contract's 400s before any call, the mapping of each service failure to a status and a
 * problem+json body (a 500 masked), the source system's envelope, cache headers and request ids.
 */
class UserRoutesTest {
  private static final User ALICE = new User(7, "alice", "Alice Doe", "52998224725", "alice@example.org",
      "+55 11 98765-4321", "2026-12-01T10:00:00", "2026-12-01T10:00:00");

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private final FakeUsers users = new FakeUsers();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ErrorMapper errors = new ErrorMapper(() -> false);
    Routes routes = new Routes(errors);
    Router router = Router.router(vertx);
    router.route().handler(RequestIds::handle);
    router.route().failureHandler(errors::handle);
    router.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    LocalCache cache = new LocalCache(Duration.ofMinutes(1), 100, 10, new CacheRelay(vertx, null));
    new UserHandler(users, new CachedReads(cache)).mount(router, routes);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors::handle);
    }
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body, String... headers)
      throws Exception {
    var request = client.request(method, server.actualPort(), "127.0.0.1", path);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    var sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject newUser() {
    return new JsonObject().put("nick_name", "alice").put("password", "s3cret-pass").put("full_name", "Alice Doe")
        .put("cpf", "529.982.247-25").put("email", "alice@example.org").put("phone_number", "+55 11 98765-4321");
  }

  @Test
  void aCreatedUserIsAnswered201WithItsLocationAndNoPassword() throws Exception {
    users.next = () -> Future.succeededFuture(ALICE);
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/users", newUser());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("location")).isEqualTo("/users/7");
    assertThat(created.bodyAsJsonObject().getString("nick_name")).isEqualTo("alice");
    assertThat(created.bodyAsString()).doesNotContain("s3cret-pass");
    // the contract normalised the CPF before the call
    assertThat(((NewUser) users.calls.get(0)).cpf()).isEqualTo("52998224725");
  }

  @Test
  void anInvalidBodyIsRefusedWithEveryFailingFieldWithoutCallingTheService() throws Exception {
    HttpResponse<Buffer> refused = send(HttpMethod.POST, "/users", newUser().put("cpf", "111.111.111-12").put("email", 5));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.getHeader("content-type")).startsWith("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList()).containsExactly("cpf", "email");
    assertThat(users.calls).isEmpty();
  }

  @Test
  void eachServiceFailureBecomesItsStatusAndA500IsMasked() throws Exception {
    int[][] cases = {{403}, {404}, {409}, {422}, {503}};
    for (int[] c : cases) {
      users.next = () -> Future.failedFuture(new ServiceFailure(c[0], "failure " + c[0]));
      HttpResponse<Buffer> answer = send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache");
      assertThat(answer.statusCode()).isEqualTo(c[0]);
      assertThat(answer.bodyAsJsonObject().getInteger("status")).isEqualTo(c[0]);
      assertThat(answer.bodyAsJsonObject().getString("detail")).isEqualTo("failure " + c[0]);
    }
    users.next = () -> Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "timed out"));
    assertThat(send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache").statusCode()).isEqualTo(504);
    users.next = () -> Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "nobody"));
    assertThat(send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache").statusCode()).isEqualTo(503);
    users.next = () -> Future.failedFuture(new IllegalStateException("secret internals"));
    HttpResponse<Buffer> masked = send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache");
    assertThat(masked.statusCode()).isEqualTo(500);
    assertThat(masked.bodyAsString()).doesNotContain("secret internals");
  }

  @Test
  void theSourceSystemsRoutesAnswerInItsEnvelope() throws Exception {
    users.next = () -> Future.succeededFuture(ALICE);
    HttpResponse<Buffer> shown = send(HttpMethod.GET, "/user/show_one_user/7/", null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.bodyAsJsonObject().getJsonObject("Message").getInteger("user_id")).isEqualTo(7);
    users.next = () -> Future.failedFuture(ServiceFailure.notFound("No user with id 8"));
    HttpResponse<Buffer> missing = send(HttpMethod.GET, "/user/show_one_user/8", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().containsKey("Status")).isTrue();
  }

  @Test
  void aReadIsCachedUntilBypassedAndCarriesTheRequestId() throws Exception {
    users.next = () -> Future.succeededFuture(ALICE);
    HttpResponse<Buffer> first = send(HttpMethod.GET, "/users/7", null, "X-Request-Id", "trace-1");
    HttpResponse<Buffer> second = send(HttpMethod.GET, "/users/7", null);
    HttpResponse<Buffer> bypass = send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache");
    assertThat(first.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(first.getHeader("x-request-id")).isEqualTo("trace-1");
    assertThat(second.getHeader("X-Cache")).isEqualTo("HIT");
    assertThat(second.bodyAsJsonObject()).isEqualTo(ALICE.toJson());
    assertThat(second.getHeader("x-request-id")).isNotBlank().isNotEqualTo("trace-1");
    assertThat(bypass.getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(users.calls).hasSize(2);
  }

  @Test
  void aBadIdOrPageIsA400AndAPasswordChangeA204() throws Exception {
    assertThat(send(HttpMethod.GET, "/users/zero", null).statusCode()).isEqualTo(400);
    assertThat(send(HttpMethod.GET, "/users?limit=101", null).statusCode()).isEqualTo(400);
    users.next = () -> Future.succeededFuture(null);
    assertThat(send(HttpMethod.PUT, "/users/7/password", new JsonObject().put("current_password", "old-pass-1")
        .put("new_password", "new-pass-2")).statusCode()).isEqualTo(204);
    assertThat(users.calls.get(0)).isInstanceOf(PasswordChange.class).hasToString("PasswordChange[…]");
  }

  /** Answers every call with {@link #next} and records the request records it was given. */
  @SuppressWarnings("unchecked")
  private static final class FakeUsers implements UserApi {
    final List<Object> calls = new ArrayList<>();
    Supplier<Future<?>> next = () -> Future.failedFuture(new IllegalStateException("no answer set"));

    private <T> Future<T> answer(Object request) {
      calls.add(request);
      return (Future<T>) next.get();
    }

    @Override
    public Future<User> create(NewUser user) {
      return answer(user);
    }

    @Override
    public Future<Page<User>> list(PageRequest page) {
      return answer(page);
    }

    @Override
    public Future<User> get(int userId) {
      return answer(userId);
    }

    @Override
    public Future<User> update(int userId, UserChanges changes) {
      return answer(changes);
    }

    @Override
    public Future<Void> changePassword(int userId, PasswordChange change) {
      return answer(change);
    }

    @Override
    public Future<Void> delete(int userId) {
      return answer(userId);
    }
  }
}
