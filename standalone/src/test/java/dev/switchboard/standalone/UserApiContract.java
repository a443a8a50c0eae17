package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.LogCapture;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user API as an HTTP client sees it, run against the standalone application once per way of
 * getting PostgreSQL (subclasses): routes, source-named routes, every validation rule, the nick_name
 * race, and that no password ever shows in a response or a log line.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserApiContract {
  private static final Logger LOG = LoggerFactory.getLogger(UserApiContract.class);
  private static final String PASSWORD_MARK = "pw-" + UUID.randomUUID().toString().substring(0, 8);

  private final Vertx vertx = Vertx.vertx();
  private final List<String> passwordsUsed = new ArrayList<>();
  private LogCapture logs;
  protected HttpTestClient http;

  /** The application config: HTTP port and where PostgreSQL is. */
  protected abstract JsonObject config();

  protected abstract int httpPort();

  protected void cleanUp() {
  }

  @BeforeAll
  void start() {
    logs = LogCapture.attach();
    Await.result(vertx.deployVerticle(new StandaloneApplication(), new DeploymentOptions().setConfig(config())));
    Await.until("the standalone app to be ready", Duration.ofSeconds(90), () -> JarProcess.status(httpPort(), "/ready") == 200);
    http = new HttpTestClient(vertx, httpPort());
  }

  @AfterAll
  void stop() {
    try {
      assertThat(http.seenBodies()).as("no response carries a password or its hash").noneMatch(body ->
          body.contains(PASSWORD_MARK) || body.contains("$argon2") || body.contains("\"password\":"));
      assertThat(logs.lines()).as("no log line carries a password or its hash").noneMatch(line ->
          line.contains(PASSWORD_MARK) || line.contains("$argon2"));
      assertThat(logs.lines()).as("no blocked event loop").noneMatch(line -> line.contains("has been blocked"));
    } finally {
      logs.close();
      Await.result(vertx.close());
      cleanUp();
    }
  }

  private String password() {
    String password = PASSWORD_MARK + "-" + passwordsUsed.size();
    passwordsUsed.add(password);
    return password;
  }

  private JsonObject newUser(String nick) {
    return new JsonObject()
        .put("nick_name", nick)
        .put("password", password())
        .put("full_name", "Ana Souza")
        .put("cpf", "529.982.247-25")
        .put("email", "ana@example.com")
        .put("phone_number", "+55 (21) 99876-5432");
  }

  private static String nick() {
    return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private JsonObject create(String nick) {
    HttpResponse<Buffer> response = http.post("/users", newUser(nick));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String... fields) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    if (fields.length > 0) {
      assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
          .containsExactlyInAnyOrder(fields);
    }
  }

  @Test
  void createsAUser() {
    String nick = nick();
    HttpResponse<Buffer> response = http.post("/users", newUser(nick));
    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject user = response.bodyAsJsonObject();
    assertThat(response.getHeader("location")).isEqualTo("/users/" + user.getInteger("user_id"));
    assertThat(user.fieldNames()).containsExactlyInAnyOrder("user_id", "nick_name", "full_name", "cpf", "email",
        "phone_number", "created_at", "updated_at");
    assertThat(user.getString("nick_name")).isEqualTo(nick);
    assertThat(user.getString("cpf")).isEqualTo("52998224725");
    assertThat(user.getString("created_at")).isEqualTo(user.getString("updated_at")).endsWith("Z");
    assertThat(http.get("/users/" + user.getInteger("user_id")).bodyAsJsonObject()).isEqualTo(user);
  }

  @Test
  void listsUsersInIdOrderWithLimitAndOffset() {
    for (int i = 0; i < 3; i++) {
      create(nick());
    }
    JsonArray all = http.get("/users?limit=100").bodyAsJsonArray();
    assertThat(all.size()).isGreaterThanOrEqualTo(3);
    List<Integer> ids = all.stream().map(u -> ((JsonObject) u).getInteger("user_id")).toList();
    assertThat(ids).isSorted();
    assertThat(http.get("/users?limit=2").bodyAsJsonArray()).hasSize(2);
    assertThat(http.get("/users?limit=1&offset=1").bodyAsJsonArray().getJsonObject(0).getInteger("user_id"))
        .isEqualTo(ids.get(1));
    assertThat(http.get("/users").bodyAsJsonArray().size()).isLessThanOrEqualTo(20);
    assertProblem(http.get("/users?limit=101"), 400, "limit");
    assertProblem(http.get("/users?limit=0"), 400, "limit");
    assertProblem(http.get("/users?offset=-1"), 400, "offset");
    assertProblem(http.get("/users?limit=ten"), 400, "limit");
  }

  @Test
  void updatesAUser() {
    JsonObject user = create(nick());
    int id = user.getInteger("user_id");
    String newNick = nick();
    HttpResponse<Buffer> response = http.put("/users/" + id, new JsonObject()
        .put("nick_name", newNick).put("email", "new@example.org").put("cpf", "11144477735").put("whatever", 1));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject updated = response.bodyAsJsonObject();
    assertThat(updated.getString("nick_name")).isEqualTo(newNick);
    assertThat(updated.getString("email")).isEqualTo("new@example.org");
    assertThat(updated.getString("cpf")).isEqualTo("11144477735");
    assertThat(updated.getString("full_name")).isEqualTo(user.getString("full_name"));
    assertThat(updated.getString("created_at")).isEqualTo(user.getString("created_at"));
    assertThat(updated.getString("updated_at")).isGreaterThan(user.getString("updated_at"));

    String taken = create(nick()).getString("nick_name");
    assertProblem(http.put("/users/" + id, new JsonObject().put("nick_name", taken)), 409, "nick_name");
    assertProblem(http.put("/users/" + id, new JsonObject()), 400, "body");
    assertProblem(http.put("/users/" + id, new JsonObject().put("password", "sneaky-change")), 400, "password");
    assertProblem(http.put("/users/" + id, new JsonObject().put("cpf", "123").put("email", "x")), 400, "cpf", "email");
    assertProblem(http.put("/users/" + id, "[1,2]"), 400);
    assertProblem(http.put("/users/2147483647", new JsonObject().put("full_name", "Nobody")), 404);
  }

  @Test
  void changesAPassword() {
    JsonObject body = newUser(nick());
    String original = body.getString("password");
    int id = http.post("/users", body).bodyAsJsonObject().getInteger("user_id");
    String next = password();

    HttpResponse<Buffer> changed = http.put("/users/" + id + "/password",
        new JsonObject().put("current_password", original).put("new_password", next));
    assertThat(changed.statusCode()).isEqualTo(204);
    assertThat(changed.body()).isNull();

    assertProblem(http.put("/users/" + id + "/password",
        new JsonObject().put("current_password", original).put("new_password", password())), 403);
    assertProblem(http.put("/users/" + id + "/password",
        new JsonObject().put("current_password", next).put("new_password", "short")), 400, "new_password");
    assertProblem(http.put("/users/" + id + "/password", new JsonObject()), 400, "current_password", "new_password");
    assertProblem(http.put("/users/2147483646/password",
        new JsonObject().put("current_password", next).put("new_password", password())), 404);
    assertThat(http.put("/users/" + id + "/password",
        new JsonObject().put("current_password", next).put("new_password", password())).statusCode()).isEqualTo(204);
  }

  @Test
  void deletesAUser() {
    int id = create(nick()).getInteger("user_id");
    HttpResponse<Buffer> deleted = http.delete("/users/" + id);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertProblem(http.get("/users/" + id), 404);
    assertProblem(http.delete("/users/" + id), 404);
  }

  @Test
  void refusesBadIds() {
    for (String bad : List.of("abc", "0", "-1", "2147483648", "1.5", "99999999999999999999")) {
      assertProblem(http.get("/users/" + bad), 400, "id");
      assertProblem(http.delete("/users/" + bad), 400, "id");
      assertProblem(http.put("/users/" + bad, new JsonObject().put("full_name", "X")), 400, "id");
    }
    assertProblem(http.get("/users/2147483647"), 404);
  }

  @Test
  void checksEveryRuleAndListsEveryFailingField() {
    assertProblem(http.post("/users", new JsonObject()), 400,
        "nick_name", "password", "full_name", "cpf", "email", "phone_number");
    assertProblem(http.post("/users", newUser("no")), 400, "nick_name");
    assertProblem(http.post("/users", newUser("bad nick")), 400, "nick_name");
    assertProblem(http.post("/users", newUser("x".repeat(51))), 400, "nick_name");
    assertProblem(http.post("/users", newUser(nick()).put("full_name", "  ")), 400, "full_name");
    assertProblem(http.post("/users", newUser(nick()).put("full_name", "y".repeat(51))), 400, "full_name");
    for (String cpf : List.of("123.456.789-00", "12345678900", "111.111.111-11", "00000000000", "1234567890",
        "529.982.247-2X", "52998224726")) {
      assertProblem(http.post("/users", newUser(nick()).put("cpf", cpf)), 400, "cpf");
    }
    for (String cpf : List.of("123.456.789-09", "12345678909", "111.444.777-35")) {
      assertThat(http.post("/users", newUser(nick()).put("cpf", cpf)).statusCode()).isEqualTo(201);
    }
    assertProblem(http.post("/users", newUser(nick()).put("email", "not-an-email")), 400, "email");
    assertProblem(http.post("/users", newUser(nick()).put("email", "a@b")), 400, "email");
    assertProblem(http.post("/users", newUser(nick()).put("email", "z".repeat(45) + "@x.com")), 400, "email");
    assertProblem(http.post("/users", newUser(nick()).put("phone_number", "1234567")), 400, "phone_number");
    assertProblem(http.post("/users", newUser(nick()).put("phone_number", "call me maybe")), 400, "phone_number");
    assertProblem(http.post("/users", newUser(nick()).put("password", "seven77")), 400, "password");
    assertProblem(http.post("/users", newUser(nick()).put("password", "p".repeat(129))), 400, "password");
    assertProblem(http.post("/users", newUser(nick()).put("nick_name", 42).put("email", true)), 400, "nick_name", "email");
    assertProblem(http.post("/users", "not json at all"), 400);
    assertProblem(http.post("/users", "\"a string\""), 400);
    assertProblem(http.post("/users", ""), 400);
    assertThat(http.post("/users", newUser(nick()).put("unknown_field", "ignored")).statusCode()).isEqualTo(201);
  }

  @Test
  void aDuplicateNickNameIs409EvenUnderARace() {
    String nick = nick();
    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(http.send(HttpMethod.POST, "/users", newUser(nick)));
    }
    Await.result(Future.join(attempts), Duration.ofSeconds(60));
    List<Integer> statuses = attempts.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
    assertProblem(http.post("/users", newUser(nick)), 409, "nick_name");
  }

  @Test
  void theSourceSystemsRouteNamesAnswerWithItsEnvelope() {
    HttpResponse<Buffer> created = http.post("/user/create_user/", newUser(nick()));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject envelope = created.bodyAsJsonObject();
    assertThat(envelope.getInteger("Status")).isEqualTo(201);
    JsonObject user = envelope.getJsonObject("Message");
    int id = user.getInteger("user_id");
    assertThat(user.containsKey("password")).isFalse();

    JsonObject one = http.get("/user/show_one_user/" + id).bodyAsJsonObject();
    assertThat(one).isEqualTo(new JsonObject().put("Status", 200).put("Message", user));
    assertThat(http.get("/user/show_one_user/" + id + "/").bodyAsJsonObject()).isEqualTo(one);

    JsonObject all = http.get("/user/show_all_user/?limit=100").bodyAsJsonObject();
    assertThat(all.getInteger("Status")).isEqualTo(200);
    assertThat(all.getJsonArray("Message").stream().anyMatch(u -> ((JsonObject) u).getInteger("user_id") == id)).isTrue();

    JsonObject edited = http.put("/user/edit_user/" + id, new JsonObject().put("full_name", "Edited Name")).bodyAsJsonObject();
    assertThat(edited.getInteger("Status")).isEqualTo(200);
    assertThat(edited.getJsonObject("Message").getString("full_name")).isEqualTo("Edited Name");

    HttpResponse<Buffer> wrongPassword = http.put("/user/edit_password/" + id,
        new JsonObject().put("current_password", "not-the-password").put("new_password", password()));
    assertThat(wrongPassword.statusCode()).isEqualTo(403);
    assertThat(wrongPassword.bodyAsJsonObject().getInteger("Status")).isEqualTo(403);
    assertThat(wrongPassword.bodyAsJsonObject().getJsonObject("Message").getInteger("status")).isEqualTo(403);

    HttpResponse<Buffer> invalid = http.post("/user/create_user", new JsonObject());
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject().getJsonObject("Message").getJsonArray("errors")).isNotEmpty();

    HttpResponse<Buffer> deleted = http.delete("/user/delete_user/" + id);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject()).isEqualTo(new JsonObject().put("Status", 204).putNull("Message"));
    assertThat(http.get("/user/show_one_user/" + id).bodyAsJsonObject().getInteger("Status")).isEqualTo(404);
  }

  @Test
  void theEventLoopStaysResponsiveWhileTwentyCreatesHash() {
    AtomicLong worstHealthMs = new AtomicLong();
    List<Long> healthMs = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> creates = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      creates.add(http.send(HttpMethod.POST, "/users", newUser(nick())));
    }
    Future<?> all = Future.all(creates);
    while (!all.isComplete()) {
      long start = System.nanoTime();
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      long ms = (System.nanoTime() - start) / 1_000_000;
      healthMs.add(ms);
      worstHealthMs.accumulateAndGet(ms, Math::max);
      // a probe every 10 ms, as a monitor would: a probe loop with no pause keeps both cores busy at normal
      // priority, and the hashing threads (lower priority, by design) then starve until the creates time out
      pause(10);
    }
    Await.result(all, Duration.ofSeconds(60));
    creates.forEach(f -> assertThat(f.result().statusCode()).isEqualTo(201));
    LOG.info("GET /health during 20 concurrent creates: {} probes, worst {} ms, all: {}", healthMs.size(),
        worstHealthMs.get(), healthMs);
    assertThat(healthMs).isNotEmpty();
    assertThat(worstHealthMs.get()).as("worst /health latency while hashing").isLessThan(100);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
