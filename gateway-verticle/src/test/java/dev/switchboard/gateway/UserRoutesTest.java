package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.user.Credentials;
import dev.switchboard.contract.user.NewUser;
import dev.switchboard.contract.user.RefreshToken;
import dev.switchboard.contract.user.Session;
import dev.switchboard.contract.user.PasswordChange;
import dev.switchboard.contract.user.User;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.user.UserChanges;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import java.util.List;
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

  private final FakeUsers users = new FakeUsers();
  private GatewayFixture gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = new GatewayFixture(null, null, users, null);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body, String... headers)
      throws Exception {
    return gateway.send(method, path, body, headers);
  }

  private static JsonObject newUser() {
    return new JsonObject().put("nick_name", "alice").put("password", "s3cret-pass").put("full_name", "Alice Doe")
        .put("cpf", "529.982.247-25").put("email", "alice@example.org").put("phone_number", "+55 11 98765-4321");
  }

  @Test
  void aCreatedUserIsAnswered201WithItsLocationAndNoPassword() throws Exception {
    users.answer(() -> Future.succeededFuture(ALICE));
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
  void parametersOutsideTheContractAreRefusedInItsWordsWithoutACall() throws Exception {
    HttpResponse<Buffer> refused = send(HttpMethod.GET, "/users?limit=101&offset=-1", null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors")).containsExactly(
        new JsonObject().put("field", "limit").put("message", "limit must be at most 100, got '101'"),
        new JsonObject().put("field", "offset").put("message", "offset must be at least 0, got '-1'"));
    HttpResponse<Buffer> notANumber = send(HttpMethod.GET, "/users/seven", null);
    assertThat(notANumber.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("id must be an integer, not a string, got 'seven'");
    assertThat(users.calls).isEmpty();
  }

  /** Values that would make a backtracking pattern take seconds are refused at once (nothing waits). */
  @Test
  void hostileLongValuesAreRefusedWithoutStallingTheGateway() throws Exception {
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      HttpResponse<Buffer> email = send(HttpMethod.POST, "/users", newUser().put("email", "a@" + ".".repeat(60_000) + " !"));
      assertThat(email.statusCode()).isEqualTo(400);
      HttpResponse<Buffer> phone = send(HttpMethod.POST, "/users", newUser().put("phone_number", "1" + " ".repeat(60_000) + "x"));
      assertThat(phone.statusCode()).isEqualTo(400);
    });
  }

  @Test
  void aNullMemberAndAPaddedIdAreReadAsBefore() throws Exception {
    users.answer(() -> Future.succeededFuture(ALICE));
    HttpResponse<Buffer> changed = send(HttpMethod.PUT, "/users/007", new JsonObject().put("full_name", "Alice D")
        .putNull("email"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(users.calls).anyMatch(c -> c instanceof UserChanges u && "Alice D".equals(u.fullName()));
  }

  @Test
  void theContractAndTheRulesTogetherNameEveryFailingField() throws Exception {
    // the CPF's check digits only the rules can see; the others break the contract's patterns and types
    JsonObject body = newUser().put("cpf", "111.111.111-12").put("phone_number", "call me maybe").put("full_name", 5);
    body.remove("email");
    HttpResponse<Buffer> refused = send(HttpMethod.POST, "/users", body);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList())
        .containsExactlyInAnyOrder("cpf", "phone_number", "full_name", "email");
    // the same through the source system's route, inside its envelope
    HttpResponse<Buffer> legacy = send(HttpMethod.POST, "/user/create_user", newUser().put("nick_name", "a b"));
    assertThat(legacy.bodyAsJsonObject().getInteger("Status")).isEqualTo(400);
    assertThat(legacy.bodyAsJsonObject().getJsonObject("Message").getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("nick_name");
    assertThat(users.calls).isEmpty();
  }

  @Test
  void eachServiceFailureBecomesItsStatusAndA500IsMasked() throws Exception {
    int[][] cases = {{403}, {404}, {409}, {422}, {503}};
    for (int[] c : cases) {
      users.answer(() -> Future.failedFuture(new ServiceFailure(c[0], "failure " + c[0])));
      HttpResponse<Buffer> answer = send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache");
      assertThat(answer.statusCode()).isEqualTo(c[0]);
      assertThat(answer.bodyAsJsonObject().getInteger("status")).isEqualTo(c[0]);
      assertThat(answer.bodyAsJsonObject().getString("detail")).isEqualTo("failure " + c[0]);
    }
    users.answer(() -> Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "timed out")));
    assertThat(send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache").statusCode()).isEqualTo(504);
    users.answer(() -> Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "nobody")));
    assertThat(send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache").statusCode()).isEqualTo(503);
    users.answer(() -> Future.failedFuture(new IllegalStateException("secret internals")));
    HttpResponse<Buffer> masked = send(HttpMethod.GET, "/users/7", null, "Cache-Control", "no-cache");
    assertThat(masked.statusCode()).isEqualTo(500);
    assertThat(masked.bodyAsString()).doesNotContain("secret internals");
  }

  @Test
  void theSourceSystemsRoutesAnswerInItsEnvelope() throws Exception {
    users.answer(() -> Future.succeededFuture(ALICE));
    HttpResponse<Buffer> shown = send(HttpMethod.GET, "/user/show_one_user/7/", null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.bodyAsJsonObject().getJsonObject("Message").getInteger("user_id")).isEqualTo(7);
    users.answer(() -> Future.failedFuture(ServiceFailure.notFound("No user with id 8")));
    HttpResponse<Buffer> missing = send(HttpMethod.GET, "/user/show_one_user/8", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().containsKey("Status")).isTrue();
  }

  @Test
  void aReadIsCachedUntilBypassedAndCarriesTheRequestId() throws Exception {
    users.answer(() -> Future.succeededFuture(ALICE));
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
    users.answer(() -> Future.succeededFuture(null));
    assertThat(send(HttpMethod.PUT, "/users/7/password", new JsonObject().put("current_password", "old-pass-1")
        .put("new_password", "new-pass-2")).statusCode()).isEqualTo(204);
    assertThat(users.calls.get(0)).isInstanceOf(PasswordChange.class).hasToString("PasswordChange[…]");
  }

  /** Answers every call as its script says. */
  private static final class FakeUsers implements UserApi {
    final GatewayFixture.Script script = new GatewayFixture.Script();
    final List<Object> calls = script.calls;

    void answer(Supplier<Future<?>> next) {
      script.next = next;
    }

    @Override
    public Future<User> create(NewUser user) {
      return script.answer(user);
    }

    @Override
    public Future<Page<User>> list(PageRequest page) {
      return script.answer(page);
    }

    @Override
    public Future<User> get(int userId) {
      return script.answer(userId);
    }

    @Override
    public Future<User> update(int userId, UserChanges changes) {
      return script.answer(changes);
    }

    @Override
    public Future<Void> changePassword(int userId, PasswordChange change) {
      return script.answer(change);
    }

    @Override
    public Future<Void> delete(int userId) {
      return script.answer(userId);
    }

    @Override
    public Future<Session> signIn(Credentials credentials) {
      return script.answer(credentials);
    }

    @Override
    public Future<Session> refresh(RefreshToken token) {
      return script.answer(token);
    }

    @Override
    public Future<Void> signOut(RefreshToken token) {
      return script.answer(token);
    }
  }
}
