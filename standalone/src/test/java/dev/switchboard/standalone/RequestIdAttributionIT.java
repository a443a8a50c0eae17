package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while handling a request carries that request's id, and no other request's: many
 * requests with distinct ids at once on each path — cache misses and hits on Redis, writes, listings, the
 * ping and the intake — over the event bus and over RabbitMQ. A line is attributed by what it says: an
 * access line names its request's path; a service's call line names the action, and each request must
 * have exactly the call lines its route makes.
 */
@ExtendWith(VertxExtension.class)
class RequestIdAttributionIT {
  private static final int CONCURRENT = 24;
  private static final Pattern ID = Pattern.compile("\\[(rid-[a-z-]+-\\d+-[0-9a-f]{6})\\]");
  private TestConfig config;

  @AfterEach
  void tearDown(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  /** What a request is, and which service call lines it must produce (none for a cache hit). */
  private record Sent(String id, HttpMethod method, String path, List<String> calls) {
  }

  @Test
  void overTheEventBusEveryLineCarriesItsOwnRequestsId(Vertx vertx) {
    check(vertx, TestConfig.create().withPostgres("rid_eventbus").withRabbitMq().withRedis());
  }

  @Test
  void overRabbitMqEveryLineCarriesItsOwnRequestsId(Vertx vertx) {
    TestConfig testConfig = TestConfig.create().withPostgres("rid_rabbit").withRabbitMq().withRedis();
    testConfig.put("transport", new JsonObject().put("user", "rabbitmq").put("order", "rabbitmq").put("ping", "rabbitmq"));
    check(vertx, testConfig);
  }

  private void check(Vertx vertx, TestConfig testConfig) {
    config = testConfig;
    Apps.deployStandalone(vertx, config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    List<Integer> users = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      users.add(http.post("/users", TestData.newUser("rid" + i + "_" + nonce(), "attribution"))
          .bodyAsJsonObject().getInteger("user_id"));
    }
    List<Sent> sent = new ArrayList<>();
    try (LogCapture logs = LogCapture.attach()) {
      // each round: every request at once, one per user, each with its own id and its own path
      round(http, sent, "miss", users, u -> new Sent(null, HttpMethod.GET, "/users/" + u, List.of("user get")), null);
      round(http, sent, "hit", users, u -> new Sent(null, HttpMethod.GET, "/users/" + u, List.of()), null);
      round(http, sent, "update", users, u -> new Sent(null, HttpMethod.PUT, "/users/" + u, List.of("user update")),
          u -> new JsonObject().put("full_name", "Renamed " + u));
      round(http, sent, "refill", users, u -> new Sent(null, HttpMethod.GET, "/users/" + u, List.of("user get")), null);
      round(http, sent, "order", users, u -> new Sent(null, HttpMethod.POST, "/orders", List.of("order create")),
          u -> new JsonObject().put("user_id", u).put("item_description", "Rid " + u).put("item_quantity", 1)
              .put("item_price", 1));
      round(http, sent, "orders-miss", users, u -> new Sent(null, HttpMethod.GET, "/users/" + u + "/orders",
          List.of("order list-by-user")), null);
      round(http, sent, "orders-hit", users, u -> new Sent(null, HttpMethod.GET, "/users/" + u + "/orders",
          List.of()), null);
      round(http, sent, "list", users, u -> new Sent(null, HttpMethod.GET, "/users?offset=" + u, List.of("user list")),
          null);
      round(http, sent, "ping", users, u -> new Sent(null, HttpMethod.POST, "/ping", List.of("ping publish")),
          u -> new JsonObject().put("msg", "rid " + u));
      round(http, sent, "intake", users, u -> new Sent(null, HttpMethod.POST, "/queue/neworder", List.of("order enqueue")),
          u -> new JsonObject().put("user_id", u).put("item_description", "Queued " + u).put("item_quantity", 1)
              .put("item_price", 1));
      round(http, sent, "missing", users, u -> new Sent(null, HttpMethod.GET, "/users/" + (2_000_000_000 + u),
          List.of("user get")), null);
      // the last lines (access lines are written when a response ends) are in before the check
      Await.until("every access line written", java.time.Duration.ofSeconds(10), () -> sent.stream()
          .allMatch(s -> logs.lines().stream().anyMatch(l -> l.contains("[" + s.id() + "]")
              && l.contains("dev.switchboard.access"))));
      verify(sent, logs.lines());
    }
  }

  private static String nonce() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  }

  private static void round(HttpTestClient http, List<Sent> sent, String name, List<Integer> users,
                            java.util.function.Function<Integer, Sent> what,
                            java.util.function.Function<Integer, JsonObject> body) {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    String nonce = nonce();
    for (int i = 0; i < users.size(); i++) {
      int user = users.get(i);
      Sent shape = what.apply(user);
      Sent request = new Sent("rid-" + name + "-" + i + "-" + nonce, shape.method(), shape.path(), shape.calls());
      sent.add(request);
      answers.add(http.send(request.method(), request.path(), body == null ? null : body.apply(user),
          Map.of("X-Request-Id", request.id())));
    }
    for (Future<HttpResponse<Buffer>> answer : answers) {
      HttpResponse<Buffer> response = Await.result(answer);
      assertThat(response.statusCode()).as(name + ": " + response.bodyAsString()).isLessThan(500);
    }
  }

  private static void verify(List<Sent> sent, List<String> lines) {
    Map<String, Sent> byId = new HashMap<>();
    sent.forEach(s -> byId.put(s.id(), s));
    Map<String, List<String>> callsById = new HashMap<>();
    List<String> misattributed = new ArrayList<>();
    int checked = 0;
    for (String line : lines) {
      Matcher m = ID.matcher(line);
      if (!m.find()) {
        continue;
      }
      checked++;
      Sent owner = byId.get(m.group(1));
      if (owner == null) {
        misattributed.add("unknown id: " + line);
      } else if (line.contains("dev.switchboard.access")) {
        if (!line.contains(" " + owner.method() + " " + owner.path() + " ")) {
          misattributed.add(line + "  (the request was " + owner.method() + " " + owner.path() + ")");
        }
      } else if (line.contains("dev.switchboard.calls")) {
        callsById.computeIfAbsent(owner.id(), k -> new ArrayList<>()).add(line);
        if (owner.calls().stream().noneMatch(line::contains)) {
          misattributed.add(line + "  (the request was " + owner.method() + " " + owner.path() + ")");
        }
      } else if (line.contains("dev.switchboard.audit")) {
        // an audit line names its request in its JSON as well, and the user the path names (if it names one)
        Matcher user = Pattern.compile("^/users/(\\d+)").matcher(owner.path());
        if (!line.contains("\"request_id\":\"" + owner.id() + "\"")
            || (user.find() && !line.contains("\"subject\":\"" + user.group(1) + "\""))) {
          misattributed.add(line + "  (the request was " + owner.method() + " " + owner.path() + ")");
        }
      } else if (!line.contains(owner.path())) {
        misattributed.add("a line a request of " + owner.path() + " should not write: " + line);
      }
    }
    for (Sent s : sent) {
      int calls = callsById.getOrDefault(s.id(), List.of()).size();
      if (calls != s.calls().size()) {
        misattributed.add(s.id() + " (" + s.method() + " " + s.path() + ") has " + calls + " call lines, expected "
            + s.calls().size() + ": " + callsById.get(s.id()));
      }
    }
    LoggerFactory.getLogger(RequestIdAttributionIT.class).info(
        "Request-id attribution: {} requests, {} lines with an id checked, {} misattributed", sent.size(), checked,
        misattributed.size());
    assertThat(misattributed).as("log lines carrying the wrong request's id").isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(sent.size());
  }
}
