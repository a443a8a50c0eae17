package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run over every operation of {@code openapi.yaml}, successes and failures, against the standalone system
 * with sign-in on: each answer is checked against the document with vertx-openapi's response validator,
 * and every operation the document names is exercised.
 */
class OpenApiContractIT {
  private static final String PASSWORD = "contract-password";
  private static Vertx vertx;
  private static TestConfig config;
  private static OpenAPIContract contract;
  private static ResponseValidator validator;
  private static final Set<String> exercised = new TreeSet<>();
  private static final List<String> violations = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    config = TestConfig.create().withPostgres("openapi").withAuth();
    Apps.deployStandalone(vertx, config.json());
    String document = Await.result(new HttpTestClient(vertx, config.httpPort()).send(io.vertx.core.http.HttpMethod.GET,
        "/openapi.json", null)).bodyAsString();
    contract = Await.result(OpenAPIContract.from(vertx, validationForm(new JsonObject(document))));
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    config.cleanUp();
  }

  /** vertx-openapi 5.0 validates problem bodies as application/json and YAML as text (see OpenApiDocument). */
  private static JsonObject validationForm(JsonObject document) {
    String text = document.encode().replace("\"application/problem+json\"", "\"application/json\"")
        .replace("\"application/yaml\"", "\"text/plain\"").replace("\"text/html\"", "\"text/plain\"")
        .replace("\"text/event-stream\"", "\"text/plain\"");
    return new JsonObject(text);
  }

  /** Checks one answer against operation {@code operationId}; returns it for the test to read. */
  private static HttpResponse<Buffer> check(String operationId, HttpResponse<Buffer> answer) {
    exercised.add(operationId);
    Map<String, String> headers = new HashMap<>();
    answer.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    String type = answer.getHeader("content-type");
    String validatedType = type == null ? null : type.startsWith("application/problem+json") ? "application/json"
        : type.startsWith("application/yaml") || type.startsWith("text/html") ? "text/plain" : type;
    if (answer.statusCode() == 401 && !String.valueOf(answer.getHeader("www-authenticate")).startsWith("Bearer")) {
      violations.add(operationId + " 401 without WWW-Authenticate: Bearer");
    }
    // (vertx-openapi 5.0 cannot decode a challenge's quoted auth-params, nor validate a text body: the
    // challenge is checked above, the YAML form below against the JSON one)
    headers.remove("www-authenticate");
    if (validatedType != null && validatedType.startsWith("text/plain")) {
      if (answer.statusCode() != 200) {
        violations.add(operationId + " " + answer.statusCode());
      }
      return answer;
    }
    ValidatableResponse response = answer.body() == null || answer.body().length() == 0
        ? ValidatableResponse.create(answer.statusCode(), headers)
        : ValidatableResponse.create(answer.statusCode(), headers, answer.body(), validatedType);
    try {
      Await.result(validator.validate(response, operationId));
    } catch (RuntimeException e) {
      violations.add(operationId + " " + answer.statusCode() + ": " + e.getMessage() + " — " + answer.bodyAsString());
    }
    return answer;
  }

  /** The console's feed never ends: its status, type and first frame are what the document promises. */
  private static void consoleEventsStream() {
    io.vertx.core.http.HttpClient client = vertx.createHttpClient();
    try {
      String first = Await.result(client.request(io.vertx.core.http.HttpMethod.GET, config.httpPort(), "127.0.0.1",
          "/console/events").compose(request -> request.send()).compose(response -> {
            if (response.statusCode() != 200 || !String.valueOf(response.getHeader("content-type"))
                .startsWith("text/event-stream")) {
              violations.add("consoleEvents " + response.statusCode() + " " + response.getHeader("content-type"));
            }
            io.vertx.core.Promise<String> frame = io.vertx.core.Promise.promise();
            StringBuilder seen = new StringBuilder();
            response.handler(chunk -> {
              seen.append(chunk.toString());
              if (seen.indexOf("event: snapshot") >= 0) {
                frame.tryComplete(seen.toString());
              }
            });
            return frame.future();
          }));
      assertThat(first).contains("event: snapshot");
      exercised.add("consoleEvents");
    } finally {
      client.close();
    }
  }

  @Test
  void everyOperationAnswersAsTheDocumentSays() {
    HttpTestClient anonymous = new HttpTestClient(vertx, config.httpPort());
    HttpTestClient admin = anonymous.signedIn(TestConfig.ADMIN, config.adminPassword());

    // users and sign-in
    String nick = TestData.nick("contract");
    int userId = check("createUser", anonymous.post("/users", TestData.newUser(nick, PASSWORD))).bodyAsJsonObject()
        .getInteger("user_id");
    check("createUser", anonymous.post("/users", new JsonObject()));
    check("createUser", anonymous.post("/users", TestData.newUser(nick, PASSWORD)));
    JsonObject login = check("login", anonymous.post("/auth/login", new JsonObject().put("nick_name", nick)
        .put("password", PASSWORD))).bodyAsJsonObject();
    check("login", anonymous.post("/auth/login", new JsonObject().put("nick_name", nick).put("password", "wrong-one")));
    check("login", anonymous.post("/auth/login", new JsonObject()));
    JsonObject refreshed = check("refresh", anonymous.post("/auth/refresh", new JsonObject().put("refresh_token",
        login.getString("refresh_token")))).bodyAsJsonObject();
    check("refresh", anonymous.post("/auth/refresh", new JsonObject().put("refresh_token", "unknown")));
    HttpTestClient user = anonymous.bearer(refreshed.getString("access_token"));
    check("jwks", anonymous.get("/.well-known/jwks.json"));

    check("listUsers", admin.get("/users?limit=5"));
    check("listUsers", user.get("/users"));
    check("listUsers", anonymous.get("/users"));
    check("listUsers", admin.get("/users?limit=0"));
    check("getUser", user.get("/users/" + userId));
    check("getUser", user.get("/users/" + userId));
    check("getUser", admin.get("/users/2000000000"));
    check("getUser", user.get("/users/1"));
    check("getUser", anonymous.bearer("not.a.token").get("/users/" + userId));
    check("getUser", user.get("/users/abc"));
    check("updateUser", user.put("/users/" + userId, new JsonObject().put("full_name", "Contract Person")));
    check("updateUser", user.put("/users/" + userId, new JsonObject().put("email", "not an address")));
    check("changePassword", user.put("/users/" + userId + "/password", new JsonObject()
        .put("current_password", "not-it").put("new_password", "another-password")));
    check("changePassword", user.put("/users/" + userId + "/password", new JsonObject()
        .put("current_password", PASSWORD).put("new_password", "contract-password-2")));
    user = anonymous.signedIn(nick, "contract-password-2");

    // orders and the intake
    int orderId = check("createOrder", user.post("/orders", TestData.newOrder(userId, 2, 150))).bodyAsJsonObject()
        .getInteger("order_id");
    check("createOrder", admin.post("/orders", TestData.newOrder(2_000_000_000, 1, 1)));
    check("createOrder", user.post("/orders", TestData.newOrder(1, 1, 1)));
    check("createOrder", user.post("/orders", new JsonObject()));
    check("listOrders", user.get("/orders"));
    check("listOrders", admin.get("/orders?user_id=" + userId + "&limit=3"));
    check("getOrder", user.get("/orders/" + orderId));
    check("getOrder", admin.get("/orders/2000000000"));
    check("updateOrder", user.put("/orders/" + orderId, new JsonObject().put("status", "CONFIRMED")));
    check("updateOrder", user.put("/orders/" + orderId, new JsonObject().put("status", "LOST")));
    check("listUserOrders", user.get("/users/" + userId + "/orders"));
    check("listUserOrders", admin.get("/users/2000000000/orders"));
    JsonObject queued = check("enqueueOrder", user.post("/queue/neworder", TestData.newOrder(userId, 1, 10)))
        .bodyAsJsonObject();
    check("enqueueOrder", user.post("/queue/neworder", new JsonObject().put("user_id", userId)));
    check("intakeStatus", user.get("/queue/neworder/" + queued.getString("request_id")));
    check("intakeStatus", admin.get("/queue/neworder/" + UUID.randomUUID()));
    check("intakeStatus", admin.get("/queue/neworder/not-a-uuid"));
    check("deleteUser", user.delete("/users/" + userId));
    check("deleteOrder", user.delete("/orders/" + orderId));
    check("deleteOrder", user.delete("/orders/" + orderId));

    // the source system's routes
    String old = TestData.nick("envelope");
    int oldId = check("envelopeCreateUser", anonymous.post("/user/create_user/", TestData.newUser(old, PASSWORD)))
        .bodyAsJsonObject().getJsonObject("Message").getInteger("user_id");
    HttpTestClient oldUser = anonymous.signedIn(old, PASSWORD);
    check("envelopeListUsers", admin.get("/user/show_all_user/"));
    check("envelopeGetUser", oldUser.get("/user/show_one_user/" + oldId));
    check("envelopeGetUser", anonymous.get("/user/show_one_user/" + oldId));
    check("envelopeUpdateUser", oldUser.put("/user/edit_user/" + oldId, new JsonObject().put("full_name", "Old One")));
    check("envelopeChangePassword", oldUser.put("/user/edit_password/" + oldId, new JsonObject()
        .put("current_password", PASSWORD).put("new_password", "envelope-password-2")));
    check("envelopeDeleteUser", oldUser.delete("/user/delete_user/" + oldId));
    check("logout", anonymous.post("/auth/logout", new JsonObject().put("refresh_token",
        refreshed.getString("refresh_token"))));
    check("deleteUser", user.delete("/users/" + userId));

    // pings and operations
    check("ping", anonymous.post("/ping", new JsonObject().put("msg", "contract")));
    check("ping", anonymous.post("/ping", new JsonObject().put("msg", "")));
    check("messages", anonymous.get("/messages?limit=10"));
    check("messages", anonymous.get("/messages?limit=-1"));
    check("pong", anonymous.get("/pong"));
    check("health", anonymous.get("/health"));
    check("ready", anonymous.get("/ready"));
    assertThat(check("console", anonymous.get("/")).bodyAsString()).contains("/console/events");
    consoleEventsStream();
    String yaml = check("openapiYaml", anonymous.get("/openapi.yaml")).bodyAsString();
    JsonObject json = check("openapiJson", anonymous.get("/openapi.json")).bodyAsJsonObject();
    Object parsed = new org.yaml.snakeyaml.Yaml().load(yaml);
    assertThat(new JsonObject(io.vertx.core.json.Json.encode(parsed)).getJsonObject("paths").fieldNames())
        .containsExactlyInAnyOrderElementsOf(json.getJsonObject("paths").fieldNames());

    assertThat(violations).as("answers the document does not describe").isEmpty();
    Set<String> documented = contract.operations().stream().map(o -> o.getOperationId())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(exercised).as("operations exercised").containsExactlyInAnyOrderElementsOf(documented);
    assertThat(JarProcess.status(config.httpPort(), "/ready")).isEqualTo(200);
  }
}
