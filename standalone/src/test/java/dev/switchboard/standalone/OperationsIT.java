package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of the processes started from the real jars: request ids in every process's logs,
 * Prometheus metrics on every process, and SIGTERM under load losing nothing that was answered 202.
 */
class OperationsIT {
  private final Vertx vertx = Vertx.vertx();
  private TestConfig config;
  private Fleet fleet;

  @AfterEach
  void tearDown() {
    if (fleet != null) {
      fleet.close();
    }
    Await.result(vertx.close());
    config.cleanUp();
  }

  private static String metrics(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int createUser(HttpTestClient http) {
    String nick = "op" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "operations"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getInteger("user_id");
  }

  @Test
  void requestIdsReachEveryProcessLogAndEveryProcessServesMetrics() throws Exception {
    config = TestConfig.create().withRabbitMq().withPostgres("ops_ids").withRedis()
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "eventbus").put("ping", "rabbitmq"));
    fleet = new Fleet(config.json(), false);
    int gatewayPort = TestConfig.freePort();
    int userPort = TestConfig.freePort();
    int pingPort = TestConfig.freePort();
    JarProcess user = fleet.start("user-verticle", userPort);
    JarProcess ping = fleet.start("ping-verticle", pingPort);
    JarProcess gateway = fleet.start("gateway-verticle", gatewayPort);
    Fleet.awaitReady(user, userPort);
    Fleet.awaitReady(ping, pingPort);
    Fleet.awaitReady(gateway, gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    Await.until("calls to reach the services", Duration.ofSeconds(30), () -> http.get("/users").statusCode() == 200);
    int userId = createUser(http);

    String requestId = "trace-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> read = Await.result(http.send(HttpMethod.GET, "/users/" + userId, null,
          Map.of("X-Request-Id", requestId)));
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.getHeader("x-request-id")).isEqualTo(requestId);
    }
    String pingId = "trace-ping-" + UUID.randomUUID();
    assertThat(Await.result(http.send(HttpMethod.POST, "/ping", new JsonObject().put("msg", "traced"),
        Map.of("X-Request-Id", pingId))).statusCode()).isEqualTo(202);
    HttpResponse<Buffer> missing = Await.result(http.send(HttpMethod.GET, "/users/2000000000", null,
        Map.of("X-Request-Id", requestId)));
    assertThat(missing.bodyAsJsonObject().getString("requestId")).isEqualTo(requestId);

    Await.until("the log lines written", Duration.ofSeconds(5), () -> user.output().contains(requestId));
    assertThat(gateway.output().lines().filter(l -> l.contains("[" + requestId + "]")))
        .as("gateway access lines under the request id").anyMatch(l -> l.contains("GET /users/" + userId + " 200"));
    assertThat(user.output().lines().filter(l -> l.contains("[" + requestId + "]")))
        .as("user service lines, in its own JVM, under the request id").anyMatch(l -> l.contains("user get -> 200"))
        .anyMatch(l -> l.contains("user get -> 404"));
    assertThat(ping.output().lines().filter(l -> l.contains("[" + pingId + "]")))
        .anyMatch(l -> l.contains("ping publish -> 200"));

    String gatewayMetrics = metrics(fleet.opsPort(gateway));
    assertThat(gatewayMetrics)
        .contains("vertx_http_server_requests_total{")
        .containsPattern("vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*route=\"/users/:id\"")
        .contains("vertx_http_server_response_time_seconds_bucket{")
        .containsPattern("switchboard_calls_seconds_count\\{action=\"get\",outcome=\"200\",service=\"user\",transport=\"rabbitmq\"")
        .containsPattern("switchboard_calls_seconds_count\\{action=\"get\",outcome=\"404\",service=\"user\"")
        .containsPattern("switchboard_cache_requests_total\\{result=\"hit\",store=\"redis\"\\} [1-9]")
        .containsPattern("switchboard_cache_requests_total\\{result=\"miss\",store=\"redis\"\\} [1-9]")
        .contains("jvm_memory_used_bytes");
    String userMetrics = metrics(fleet.opsPort(user));
    assertThat(userMetrics)
        .containsPattern("switchboard_queue_messages_total\\{event=\"acked\",queue=\"" + Pattern.quote(config.queue("user")) + "\"\\} [1-9]")
        .containsPattern("vertx_pool_[a-z_]+\\{pool_name=\"switchboard-pg\",pool_type=\"sql\"")
        .containsPattern("switchboard_cache_invalidations_total\\{result=\"ok\",store=\"redis\"\\}")
        .contains("vertx_eventbus_");
    Await.until("the ping consumed", Duration.ofSeconds(10), () -> {
      try {
        return metrics(fleet.opsPort(ping)).contains("event=\"acked\",queue=\"" + config.queue("ping") + "\"");
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(metrics(fleet.opsPort(ping)))
        .containsPattern("switchboard_queue_messages_total\\{event=\"published\",queue=\"" + Pattern.quote(config.queue("ping")) + "\"\\} [1-9]")
        .containsPattern("switchboard_queue_messages_total\\{event=\"dead_lettered\",queue=\"" + Pattern.quote(config.queue("ping")) + "\"\\}")
        .contains("switchboard_pong_stored");
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
  }

  @Test
  void sigtermToTheIntakeConsumerUnderLoadLosesNoAcceptedOrder() {
    intakeConsumerStoppedUnderLoad(false);
  }

  @Test
  void killMinus9OfTheIntakeConsumerUnderLoadLosesNoAcceptedOrderAndDoublesNone() {
    intakeConsumerStoppedUnderLoad(true);
  }

  private void intakeConsumerStoppedUnderLoad(boolean kill) {
    config = TestConfig.create().withRabbitMq().withPostgres("ops_intake");
    fleet = new Fleet(config.json(), false);
    int appPort = TestConfig.freePort();
    int intakePort = TestConfig.freePort();
    JarProcess app = startStandalone(appPort, "order.roles=api");
    JarProcess intake = fleet.start("order-verticle", intakePort, "order.roles=intake");
    Fleet.awaitReady(app, appPort);
    Fleet.awaitReady(intake, intakePort);
    HttpTestClient http = new HttpTestClient(vertx, appPort);
    int userId = createUser(http);
    Sql sql = new Sql(config.database());

    // orders posted 20 at a time, in the background, before, while and after SIGTERM reaches the consumer
    AtomicBoolean stopped = new AtomicBoolean();
    Future<List<HttpResponse<Buffer>>> posting = postUntil(stopped, 100, 20, i -> http.send(HttpMethod.POST,
        "/queue/neworder", new JsonObject().put("user_id", userId).put("item_description", "Order " + i)
            .put("item_quantity", 1).put("item_price", 1)));
    Await.until("the consumer busy", Duration.ofSeconds(30), () -> sql.count("SELECT count(*) FROM orders") >= 100);
    if (kill) {
      intake.kill();
    } else {
      assertThat(intake.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
    stopped.set(true);
    List<HttpResponse<Buffer>> answers = Await.result(posting, Duration.ofSeconds(60));
    if (!kill) {
      assertThat(intake.output()).contains("Draining");
    }
    Set<String> accepted = new HashSet<>();
    answers.forEach(r -> {
      assertThat(r.statusCode()).isEqualTo(202);
      accepted.add(r.bodyAsJsonObject().getString("request_id"));
    });
    int total = answers.size();
    assertThat(accepted).hasSize(total);
    long storedWhileDown = sql.count("SELECT count(*) FROM orders");
    assertThat(storedWhileDown).isLessThanOrEqualTo(total - 100L);

    int newPort = TestConfig.freePort();
    JarProcess again = fleet.start("order-verticle", newPort, "order.roles=intake");
    Fleet.awaitReady(again, newPort);
    Await.until("every accepted order stored", Duration.ofSeconds(60),
        () -> sql.count("SELECT count(*) FROM orders") == total);
    assertThat(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(total);
    Set<String> stored = new HashSet<>();
    sql.rows("SELECT request_id FROM orders").forEach(r -> stored.add(r.get(0).toString()));
    assertThat(stored).isEqualTo(accepted);
  }

  @Test
  void sigtermToThePongConsumerUnderLoadLosesNoAcceptedPing() {
    config = TestConfig.create().withRabbitMq().withPostgres("ops_pong")
        .put("transport", new JsonObject().put("user", "eventbus").put("order", "eventbus").put("ping", "rabbitmq"));
    fleet = new Fleet(config.json(), false);
    int appPort = TestConfig.freePort();
    int pongPort = TestConfig.freePort();
    JarProcess app = startStandalone(appPort, "ping.roles=ping");
    JarProcess pong = fleet.start("ping-verticle", pongPort, "ping.roles=pong");
    Fleet.awaitReady(app, appPort);
    Fleet.awaitReady(pong, pongPort);
    HttpTestClient http = new HttpTestClient(vertx, appPort);
    Await.until("pings to be accepted", Duration.ofSeconds(30), () -> http.get("/messages").statusCode() == 200);

    AtomicBoolean stopped = new AtomicBoolean();
    Future<List<HttpResponse<Buffer>>> posting = postUntil(stopped, 100, 20,
        i -> http.send(HttpMethod.POST, "/ping", new JsonObject().put("msg", "p" + i)));
    Await.until("pings flowing", Duration.ofSeconds(30), () -> answered.get() >= 150);
    assertThat(pong.stop()).as("exit after SIGTERM").isIn(0, 143);
    stopped.set(true);
    List<HttpResponse<Buffer>> answers = Await.result(posting, Duration.ofSeconds(60));
    int total = answers.size();
    Set<String> accepted = new HashSet<>();
    answers.forEach(r -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
      accepted.add(r.bodyAsJsonObject().getString("id"));
    });
    Matcher stoppedWith = Pattern.compile("Pong stopped consuming: (\\d+) pings stored").matcher(pong.output());
    assertThat(stoppedWith.find()).as("the stopped pong reports what it acknowledged").isTrue();
    long storedByFirst = Long.parseLong(stoppedWith.group(1));
    assertThat(storedByFirst).isPositive().isLessThanOrEqualTo(total - 100L);

    int newPort = TestConfig.freePort();
    JarProcess again = fleet.start("ping-verticle", newPort, "ping.roles=pong");
    Fleet.awaitReady(again, newPort);
    long expected = total - storedByFirst;
    Await.until("the remaining pings delivered", Duration.ofSeconds(60), () -> allMessages(http).size() >= expected);
    List<JsonObject> delivered = allMessages(http);
    Set<String> deliveredIds = new HashSet<>();
    delivered.forEach(m -> deliveredIds.add(m.getString("id")));
    assertThat(delivered).hasSize((int) expected);
    assertThat(deliveredIds).hasSize((int) expected);
    assertThat(accepted).containsAll(deliveredIds);
  }

  /** Every message the pong store holds, page by page. */
  static List<JsonObject> allMessages(HttpTestClient http) {
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    while (true) {
      HttpResponse<Buffer> page = http.get("/messages?limit=1000" + (after == null ? "" : "&after=" + after));
      if (page.statusCode() != 200) {
        return List.of();
      }
      JsonArray items = page.bodyAsJsonArray();
      items.forEach(m -> all.add((JsonObject) m));
      if (items.size() < 1000) {
        return all;
      }
      after = items.getJsonObject(items.size() - 1).getString("id");
    }
  }

  private final AtomicInteger answered = new AtomicInteger();

  /**
   * Sends requests, {@code concurrency} at a time, on the test's Vert.x until {@code stopped} is set and
   * {@code afterStop} more have been answered; completes with every answer once none is in flight.
   */
  private Future<List<HttpResponse<Buffer>>> postUntil(AtomicBoolean stopped, int afterStop, int concurrency,
                                                       IntFunction<Future<HttpResponse<Buffer>>> send) {
    Posting posting = new Posting(stopped, afterStop, send);
    for (int lane = 0; lane < concurrency; lane++) {
      vertx.runOnContext(v -> posting.sendNext());
    }
    return posting.done.future();
  }

  private final class Posting {
    final AtomicBoolean stopped;
    final int afterStop;
    final IntFunction<Future<HttpResponse<Buffer>>> send;
    final List<HttpResponse<Buffer>> answers = new ArrayList<>();
    final Promise<List<HttpResponse<Buffer>>> done = Promise.promise();
    int next;
    int inFlight;
    int target = Integer.MAX_VALUE;

    Posting(AtomicBoolean stopped, int afterStop, IntFunction<Future<HttpResponse<Buffer>>> send) {
      this.stopped = stopped;
      this.afterStop = afterStop;
      this.send = send;
    }

    /** Runs on the test Vert.x's context only. */
    void sendNext() {
      if (target == Integer.MAX_VALUE && stopped.get()) {
        target = answers.size() + afterStop;
      }
      if (next >= target) {
        if (inFlight == 0) {
          done.tryComplete(answers);
        }
        return;
      }
      inFlight++;
      send.apply(next++).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          done.tryFail(ar.cause());
          return;
        }
        answers.add(ar.result());
        answered.incrementAndGet();
        sendNext();
      });
    }
  }

  private JarProcess startStandalone(int port, String... overrides) {
    return fleet.startJar(Path.of("target", "switchboard.jar"), "standalone", port, overrides);
  }
}
