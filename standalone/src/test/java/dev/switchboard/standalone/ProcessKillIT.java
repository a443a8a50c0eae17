package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -9} and SIGTERM of the processes the fault matrix had no test for — the gateway, the order
 * API, the user service (SIGTERM; its {@code kill -9} is {@link FailoverIT}'s) and the pong consumer — each
 * under load, every process its own JVM over RabbitMQ, as the README deploys them.
 */
class ProcessKillIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKillIT.class);
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

  private void rabbitDeployment(String database) {
    config = TestConfig.create().withRabbitMq().withPostgres(database)
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "rabbitmq").put("ping", "rabbitmq"))
        .put("ping.capacity", 1_000_000);
    fleet = new Fleet(config.json(), false);
  }

  private JarProcess startReady(String module, int port, String... overrides) {
    JarProcess process = fleet.start(module, port, overrides);
    Fleet.awaitReady(process, port);
    return process;
  }

  private static int createUser(HttpTestClient http) {
    String nick = "pk" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Await.until("the user service reachable", Duration.ofSeconds(30), () -> http.get("/users?limit=1").statusCode() == 200);
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "process-kill"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getInteger("user_id");
  }

  /** Intake orders, each with an {@code Idempotency-Key} of its own, so the test can retry any that got no answer. */
  private static Traffic.Request order(int userId, String run, int n) {
    return new Traffic.Request("/queue/neworder", new JsonObject().put("user_id", userId)
        .put("item_description", "Order " + n).put("item_quantity", 1).put("item_price", 1),
        Map.of("Idempotency-Key", run + "-" + n));
  }

  @Test
  void killMinus9OfTheGatewayUnderIntakeLoadLosesNoAcceptedOrderAndARetryWithTheKeyMakesExactlyOne() {
    gatewayStoppedUnderIntakeLoad(true);
  }

  @Test
  void sigtermToTheGatewayUnderIntakeLoadAnswersEveryRequestItTook() {
    gatewayStoppedUnderIntakeLoad(false);
  }

  /**
   * Orders through a gateway that is killed (or stopped) and started again on the same port. Every 202
   * becomes exactly one order; a request that got no answer may or may not have been accepted — retried
   * with its key, it ends as exactly one order too.
   */
  private void gatewayStoppedUnderIntakeLoad(boolean kill) {
    rabbitDeployment(kill ? "kill_gateway" : "term_gateway");
    int gatewayPort = TestConfig.freePort();
    startReady("user-verticle", TestConfig.freePort());
    startReady("order-verticle", TestConfig.freePort());
    JarProcess gateway = startReady("gateway-verticle", gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    int userId = createUser(http);
    String run = UUID.randomUUID().toString().substring(0, 8);
    Sql sql = new Sql(config.database());

    Traffic traffic = new Traffic(vertx, () -> gatewayPort, n -> order(userId, run, n));
    traffic.start(8);
    Await.until("orders flowing", Duration.ofSeconds(30), () -> sql.count("SELECT count(*) FROM orders") >= 100);
    long stoppedAt = traffic.nowMs();
    if (kill) {
      gateway.kill();
    } else {
      assertThat(gateway.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
    long exitedAt = traffic.nowMs();
    JarProcess again = startReady("gateway-verticle", gatewayPort);
    long readyAt = traffic.nowMs();
    Await.until("orders accepted by the new gateway", Duration.ofSeconds(30),
        () -> traffic.nowMs() - readyAt > 2_000);
    List<Traffic.Call> calls = traffic.stopAndDrain();

    Map<Integer, Long> failures = Traffic.failuresByStatus(calls);
    assertThat(failures.keySet()).as("a request fails only by getting no answer, or 503 while starting")
        .isSubsetOf(-1, 503);
    long failedStartedBefore = calls.stream().filter(c -> !c.ok() && c.startMs() < stoppedAt).count();
    Set<String> accepted = new HashSet<>();
    calls.stream().filter(Traffic.Call::ok).forEach(c -> accepted.add(new JsonObject(c.body()).getString("request_id")));
    assertThat(accepted).hasSize((int) calls.stream().filter(Traffic.Call::ok).count());
    Await.until("every accepted order stored", Duration.ofSeconds(60), () -> storedOf(sql, accepted) == accepted.size());
    long unanswered = calls.stream().filter(c -> !c.ok()).count();
    long ordersBeforeRetry = sql.count("SELECT count(*) FROM orders");
    if (kill) {
      assertThat(ordersBeforeRetry).as("orders beyond the 202s: at most the requests that got no answer")
          .isBetween((long) accepted.size(), accepted.size() + unanswered);
    } else {
      assertThat(ordersBeforeRetry).as("a draining gateway answers every request it took: no order without its 202")
          .isEqualTo(accepted.size());
    }

    // the client retries, with its key, every request that got no answer
    Set<String> retried = new HashSet<>();
    calls.stream().filter(c -> !c.ok()).forEach(c -> {
      Traffic.Request r = order(userId, run, c.seq());
      HttpResponse<Buffer> answer = Await.result(http.send(HttpMethod.POST, r.path(), r.body(), r.headers()));
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
      retried.add(answer.bodyAsJsonObject().getString("request_id"));
    });
    Set<String> all = new HashSet<>(accepted);
    all.addAll(retried);
    assertThat(all).hasSize(accepted.size() + retried.size());
    Await.until("every request stored", Duration.ofSeconds(60), () -> storedOf(sql, all) == all.size());
    assertThat(sql.count("SELECT count(*) FROM orders")).as("one order per request sent").isEqualTo(all.size());
    assertThat(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(all.size());
    long firstOk = calls.stream().filter(c -> c.ok() && c.startMs() > exitedAt).mapToLong(Traffic.Call::endMs).min()
        .orElse(-1);
    LOG.info("FAULT gateway {} under intake load: {} requests, {} accepted, {} without an answer ({} started"
            + " before the stop), failures {}; {} orders before the retry; the old process exited {} ms after the"
            + " signal, the new one (a JVM start) took its first order {} ms after that; after retrying with the keys: {} requests, {} orders",
        kill ? "kill -9" : "SIGTERM", calls.size(), accepted.size(), unanswered, failedStartedBefore, failures,
        ordersBeforeRetry, exitedAt - stoppedAt, firstOk - exitedAt, all.size(), sql.count("SELECT count(*) FROM orders"));
    assertThat(firstOk).isPositive();
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
    again.close();
  }

  private static long storedOf(Sql sql, Set<String> requestIds) {
    if (requestIds.isEmpty()) {
      return 0;
    }
    StringBuilder in = new StringBuilder();
    requestIds.forEach(id -> in.append(in.length() == 0 ? "'" : ",'").append(id).append('\''));
    return sql.count("SELECT count(*) FROM orders WHERE request_id IN (" + in + ")");
  }

  @Test
  void killMinus9OfAnOrderApiUnderIntakeLoadDoublesNoOrder() {
    orderApiStoppedUnderIntakeLoad(true);
  }

  @Test
  void sigtermToAnOrderApiUnderIntakeLoadFailsNoRequestAndDoublesNoOrder() {
    orderApiStoppedUnderIntakeLoad(false);
  }

  /**
   * Two order APIs and an intake consumer, one API killed (or stopped) under load: its unacknowledged
   * calls go to the other one, whose accept finds the request the first one recorded (the request id comes
   * from the call's id) and publishes it again if need be — no request fails, and the intake stores each
   * request id once.
   */
  private void orderApiStoppedUnderIntakeLoad(boolean kill) {
    rabbitDeployment(kill ? "kill_order_api" : "term_order_api");
    startReady("user-verticle", TestConfig.freePort());
    JarProcess first = startReady("order-verticle", TestConfig.freePort(), "order.roles=api");
    startReady("order-verticle", TestConfig.freePort(), "order.roles=api");
    startReady("order-verticle", TestConfig.freePort(), "order.roles=intake");
    int gatewayPort = TestConfig.freePort();
    startReady("gateway-verticle", gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    int userId = createUser(http);
    String run = UUID.randomUUID().toString().substring(0, 8);
    Sql sql = new Sql(config.database());

    Traffic traffic = new Traffic(vertx, () -> gatewayPort, n -> order(userId, run, n));
    traffic.start(8);
    Await.until("orders flowing", Duration.ofSeconds(30), () -> sql.count("SELECT count(*) FROM orders") >= 200);
    long acceptedByFirst = first.output().lines().filter(l -> l.contains("order enqueue -> 2")).count();
    long stoppedAt = traffic.nowMs();
    if (kill) {
      first.kill();
    } else {
      assertThat(first.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
    Await.until("traffic after the stop", Duration.ofSeconds(30), () -> traffic.nowMs() - stoppedAt > 5_000);
    List<Traffic.Call> calls = traffic.stopAndDrain();

    assertThat(acceptedByFirst).as("orders the stopped API accepted before the stop").isGreaterThan(10);
    List<Traffic.Call> failed = calls.stream().filter(c -> !c.ok()).toList();
    if (kill) {
      // Known gap (docs/reliability.md): the killed API's reply goes out on its publishing connection and the
      // request's ack on its consuming one, so a kill between the two can deliver the ack and lose the reply:
      // that caller times out (504, outcome unknown) though its order was accepted. At most the calls in
      // hand at the kill.
      assertThat(failed).as("failed requests: only replies lost at the kill").hasSizeLessThanOrEqualTo(8)
          .allSatisfy(c -> assertThat(c.status()).isEqualTo(504));
    } else {
      assertThat(failed).as("failed requests").isEmpty();
    }
    Set<String> accepted = new HashSet<>();
    calls.stream().filter(Traffic.Call::ok).forEach(c -> accepted.add(new JsonObject(c.body()).getString("request_id")));
    assertThat(accepted).hasSize(calls.size() - failed.size());
    Await.until("every accepted order stored", Duration.ofSeconds(60), () -> storedOf(sql, accepted) == accepted.size());
    // a 504 is an unknown outcome: the client retries with its key and gets the one order
    Set<String> all = new HashSet<>(accepted);
    failed.forEach(c -> {
      Traffic.Request r = order(userId, run, c.seq());
      HttpResponse<Buffer> answer = Await.result(http.send(HttpMethod.POST, r.path(), r.body(), r.headers()));
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(202);
      all.add(answer.bodyAsJsonObject().getString("request_id"));
    });
    assertThat(all).hasSize(calls.size());
    Await.until("every request stored", Duration.ofSeconds(60), () -> storedOf(sql, all) == all.size());
    assertThat(sql.count("SELECT count(*) FROM orders")).as("one order per request").isEqualTo(calls.size());
    assertThat(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(calls.size());
    long slowest = calls.stream().filter(c -> c.startMs() >= stoppedAt - 1_000).mapToLong(Traffic.Call::millis).max()
        .orElse(0);
    LOG.info("FAULT order API {} under intake load: {} requests ({} accepted by the stopped one before), {} failed"
            + " (504: reply lost at the kill), {} orders after retrying those with their keys, none twice; slowest"
            + " request around the stop {} ms", kill ? "kill -9" : "SIGTERM", calls.size(), acceptedByFirst,
        failed.size(), calls.size(), slowest);
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
  }

  @Test
  void sigtermToAUserServiceUnderLoadFailsNoRequestAndDoublesNoUser() {
    rabbitDeployment("term_user");
    JarProcess first = startReady("user-verticle", TestConfig.freePort());
    startReady("user-verticle", TestConfig.freePort());
    int gatewayPort = TestConfig.freePort();
    startReady("gateway-verticle", gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    int[] ids = {createUser(http), createUser(http), createUser(http), createUser(http)};
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    // reads past the cache, and one sign-up in eight (a write the draining service must finish, once)
    Traffic traffic = new Traffic(vertx, () -> gatewayPort, n -> n % 8 == 0
        ? new Traffic.Request("/users", TestData.newUser("t" + run + n, "drain-me"), Map.of())
        : new Traffic.Request("/users/" + ids[n % ids.length], null, Map.of("Cache-Control", "no-cache")));
    traffic.start(8);
    Await.until("the first user service busy", Duration.ofSeconds(30),
        () -> first.output().lines().filter(l -> l.contains("user get -> 200")).count() > 200);
    long stoppedAt = traffic.nowMs();
    assertThat(first.stop()).as("exit after SIGTERM").isIn(0, 143);
    Await.until("traffic after the stop", Duration.ofSeconds(30), () -> traffic.nowMs() - stoppedAt > 5_000);
    List<Traffic.Call> calls = traffic.stopAndDrain();

    assertThat(first.output()).contains("Draining");
    assertThat(Traffic.failuresByStatus(calls)).as("failed requests").isEmpty();
    long created = calls.stream().filter(c -> c.status() == 201).count();
    assertThat(created).isPositive();
    Sql sql = new Sql(config.database());
    assertThat(sql.count("SELECT count(*) FROM users WHERE nick_name LIKE 't" + run + "%'"))
        .as("one user per 201").isEqualTo(created);
    long slowest = calls.stream().filter(c -> c.startMs() >= stoppedAt - 1_000).mapToLong(Traffic.Call::millis).max()
        .orElse(0);
    LOG.info("FAULT user service SIGTERM under load over RabbitMQ: {} requests ({} sign-ups), 0 failed, one user"
        + " per 201; slowest request around the stop {} ms", calls.size(), created, slowest);
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
  }

  @Test
  void killMinus9OfThePongConsumerUnderLoadDeliversEveryPingItHadNotAcknowledgedOnce() throws Exception {
    rabbitDeployment("kill_pong");
    int pingPort = TestConfig.freePort();
    JarProcess pong = startReady("ping-verticle", TestConfig.freePort(), "ping.roles=pong");
    startReady("ping-verticle", pingPort, "ping.roles=ping");
    int gatewayPort = TestConfig.freePort();
    startReady("gateway-verticle", gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    Await.until("pings accepted", Duration.ofSeconds(30), () -> http.get("/messages").statusCode() == 200);

    Traffic traffic = new Traffic(vertx, () -> gatewayPort,
        n -> new Traffic.Request("/ping", new JsonObject().put("msg", "p" + n), Map.of()));
    traffic.start(8);
    Await.until("pings flowing", Duration.ofSeconds(30), () -> traffic.nowMs() > 3_000);
    pong.kill();
    Await.until("pings published after the kill", Duration.ofSeconds(30), () -> traffic.nowMs() > 5_000);
    List<Traffic.Call> calls = traffic.stopAndDrain();
    assertThat(Traffic.failuresByStatus(calls)).as("failed pings").isEmpty();
    Set<String> accepted = new HashSet<>();
    calls.forEach(c -> accepted.add(new JsonObject(c.body()).getString("id")));
    assertThat(accepted).hasSize(calls.size());

    // nobody consumes now: what the broker still holds is what the killed pong had not acknowledged
    int waiting = waitingIn(config.queue("ping"));
    assertThat(waiting).as("pings published while no pong ran").isPositive();
    long lostWithTheKilledOne = calls.size() - waiting;

    startReady("ping-verticle", TestConfig.freePort(), "ping.roles=pong");
    Await.until("the waiting pings delivered", Duration.ofSeconds(60),
        () -> OperationsIT.allMessages(http).size() >= waiting);
    List<JsonObject> delivered = OperationsIT.allMessages(http);
    Set<String> ids = new HashSet<>();
    delivered.forEach(m -> ids.add(m.getString("id")));
    assertThat(delivered).as("every ping the broker held, once").hasSize(waiting);
    assertThat(ids).hasSize(waiting);
    assertThat(accepted).containsAll(ids);
    LOG.info("FAULT pong kill -9 under ping load: {} pings accepted; {} were still in the broker (unacknowledged"
            + " or not yet delivered) and reached the new pong, each once; {} had been stored by the killed one"
            + " (an in-memory store, by design)", calls.size(), waiting, lostWithTheKilledOne);
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
  }

  /** The messages ready in {@code queue} once the count holds still for a second (unacked ones are requeued). */
  private static int waitingIn(String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestServices.rabbitmqUri());
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      int last = -1;
      long stableSince = System.currentTimeMillis();
      while (true) {
        int now = channel.queueDeclarePassive(queue).getMessageCount();
        if (now != last) {
          last = now;
          stableSince = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - stableSince > 1_000) {
          return now;
        }
        Thread.sleep(100);
      }
    }
  }
}
