package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.standalone.Hosts.Host;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system on six hosts of this machine's making ({@link Hosts}: network namespaces on a bridge,
 * 10.77.0.0/24): the gateway (with a private link for its clients), two user services, the order service
 * and the ping service, each a JVM in a host of its own, and the broker on a host of its own — a relay there
 * to this machine's RabbitMQ; PostgreSQL is relayed onto this machine's side of the bridge. The clustered
 * event bus forms over those addresses from {@code cluster.host} and {@code cluster.members} alone.
 *
 * <p>Under 8 clients looping uncached reads and intake orders, each transport in turn takes three faults:
 * a user service's host cut off and brought back, the broker's host cut off for 10 s, and the gateway
 * cut off from the cluster but not from its clients. For each the test logs (look for "MULTIHOST") the
 * requests failed, the longest request, the time from the link's return until every request succeeds,
 * orders lost and doubled (both must be 0), and how long until the cluster is whole again — every node
 * seeing all five members, a Hazelcast split-brain merge.
 */
class MultiHostIT {
  private static final Logger LOG = LoggerFactory.getLogger(MultiHostIT.class);
  private static final int HTTP = 8080;
  private static final int OPS = 9090;
  private static final int CLIENTS = 8;
  private static final HttpClient OPS_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Vertx vertx = Vertx.vertx();
  private Hosts hosts;
  private TestConfig config;
  private Fleet fleet;
  private final Map<Host, JarProcess> processes = new LinkedHashMap<>();

  @AfterEach
  void tearDown() {
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      if (hosts != null) {
        hosts.close();
      }
      Await.result(vertx.close());
      if (config != null) {
        config.cleanUp();
      }
    }
  }

  @Test
  void overRabbitMqFaultsOfAUserHostTheBrokerHostAndTheGatewayLoseNothingAndHeal() {
    List<Outcome> outcomes = faults(false);
    Outcome user = outcomes.get(0);
    // the cut-off user service's unacknowledged calls wait in its buffers until the link is back (past their
    // deadline) or the broker drops its connection: those callers get 504; the other user service takes the rest
    assertThat(user.failures().keySet()).isSubsetOf(503, 504);
    assertThat(outcomes.get(1).failures().keySet()).as("broker away: 503/504, never a 500").isSubsetOf(503, 504);
    assertThat(outcomes.get(2).failures().keySet()).as("gateway cut off: 503/504").isSubsetOf(503, 504);
  }

  @Test
  void clusteredFaultsOfAUserHostTheBrokerHostAndTheGatewayLoseNothingAndTheClusterMergesBack() {
    List<Outcome> outcomes = faults(true);
    // reads travel the event bus: the broker's absence fails only intake orders
    assertThat(outcomes.get(1).failedReads()).as("reads while the broker's host is away").isZero();
    outcomes.forEach(o -> assertThat(o.failures().keySet()).as(o.fault()).isSubsetOf(503, 504));
  }

  /** One fault's figures. */
  record Outcome(String fault, int requests, Map<Integer, Long> failures, long failedReads, long longestMs,
      long allSucceedAfterMs, long wholeAfterMs, int accepted, long lost, long doubled) {
  }

  private List<Outcome> faults(boolean clustered) {
    hosts = Hosts.create();
    Host broker = hosts.add("broker", 10);
    Host gateway = hosts.add("gateway", 20, true);
    Host userA = hosts.add("user-a", 21);
    Host userB = hosts.add("user-b", 22);
    Host order = hosts.add("order", 23);
    Host ping = hosts.add("ping", 24);
    List<Host> services = List.of(userA, userB, order, ping, gateway);

    config = TestConfig.create().withRabbitMq().withPostgres(clustered ? "multihost_cluster" : "multihost_rabbit");
    // PostgreSQL on this machine's side of the bridge, RabbitMQ on the broker's host; both relayed from the
    // local services (the broker's relay forwards to a second one on this machine)
    JsonObject pg = config.json().getJsonObject("postgres");
    URI amqp = URI.create(TestServices.rabbitmqUri());
    int pgPort = TestConfig.freePort();
    hosts.relay(null, pgPort, pg.getString("host"), pg.getInteger("port"));
    int amqpPort = TestConfig.freePort();
    hosts.relay(null, amqpPort, amqp.getHost(), amqp.getPort() < 0 ? 5672 : amqp.getPort());
    hosts.relay(broker, 5672, Hosts.MACHINE, amqpPort);
    JsonArray members = new JsonArray();
    // host:port, as the README advises with one process per host: a member without a port is looked for on
    // 20 ports, and a split-brain search that tries each of them in turn takes minutes to reach the real one
    services.forEach(h -> members.add(h.address() + ":5701"));
    String transport = clustered ? "eventbus" : "rabbitmq";
    config.put("postgres.host", Hosts.MACHINE).put("postgres.port", pgPort)
        .put("rabbitmq.uri", "amqp://" + (amqp.getRawUserInfo() == null ? "" : amqp.getRawUserInfo() + "@")
            + broker.address() + ":5672" + (amqp.getRawPath() == null ? "" : amqp.getRawPath()))
        .put("http.host", "0.0.0.0").put("ops.host", "0.0.0.0")
        .put("transport", new JsonObject().put("user", transport).put("order", transport).put("ping", transport))
        // an order whose publish got no confirm while the broker was away is published again 2 s later
        .put("intake.republishAfterSeconds", 2)
        .put("cluster", new JsonObject().put("name", "multihost-" + UUID.randomUUID().toString().substring(0, 8))
            .put("host", "127.0.0.1").put("port", 5701).put("members", members));
    fleet = new Fleet(config.json(), clustered);
    String[] modules = {"user-verticle", "user-verticle", "order-verticle", "ping-verticle", "gateway-verticle"};
    for (int i = 0; i < services.size(); i++) {
      Host host = services.get(i);
      processes.put(host, fleet.startThrough(host.exec(), modules[i], host.name(), HTTP, OPS,
          "cluster.host=" + host.address()));
    }
    processes.forEach((host, process) -> process.awaitReady(host.address(), HTTP, Duration.ofSeconds(120)));
    if (clustered) {
      Await.until("every node to see five members", Duration.ofSeconds(60), () -> whole(services));
    }

    HttpTestClient http = HttpTestClient.to(vertx, gateway.privateAddress(), HTTP);
    Await.until("the user services reachable", Duration.ofSeconds(30), () -> http.get("/users?limit=1").statusCode() == 200);
    int[] ids = new int[8];
    for (int i = 0; i < ids.length; i++) {
      String nick = "mh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "multi-host-pw"));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      ids[i] = created.bodyAsJsonObject().getInteger("user_id");
    }
    Sql sql = new Sql(config.database());
    String run = UUID.randomUUID().toString().substring(0, 8);
    BooleanSupplier whole = () -> clustered ? whole(services) : allReady(services);

    List<Outcome> outcomes = new ArrayList<>();
    List<Traffic.Call> unknown = new ArrayList<>();
    long servedByA = servedBy(processes.get(userA));
    outcomes.add(fault("user service host cut off 8 s", run + "-u", ids, gateway, sql, unknown,
        () -> hosts.cut(userA), () -> hosts.restore(userA), 8_000,
        () -> whole.getAsBoolean() && servedBy(processes.get(userA)) > servedByA));
    outcomes.add(fault("broker host cut off 10 s", run + "-b", ids, gateway, sql, unknown,
        () -> hosts.cut(broker), () -> hosts.restore(broker), 10_000, whole));
    outcomes.add(fault("gateway cut off from the cluster 8 s", run + "-g", ids, gateway, sql, unknown,
        () -> hosts.cut(gateway), () -> hosts.restore(gateway), 8_000, whole));

    // an order answered 503 was never recorded (the client may send it again as a new one); one whose outcome
    // is unknown (504, no answer) may have been: retried with its key, each ends as exactly one order
    Set<String> keys = new HashSet<>();
    for (Traffic.Call call : unknown) {
      keys.add(call.body());
      Await.until("a retried order accepted", Duration.ofSeconds(30), () -> Await.result(http.send(HttpMethod.POST,
          "/queue/neworder", order(ids, call.seq()), Map.of("Idempotency-Key", call.body()))).statusCode() == 202);
    }
    long accepted = outcomes.stream().mapToLong(Outcome::accepted).sum();
    long orderRequests = sql.count("SELECT count(*) FROM order_intake");
    Await.until("every accepted order stored", Duration.ofSeconds(60),
        () -> sql.count("SELECT count(*) FROM order_intake WHERE status <> 'STORED'") == 0);
    for (Outcome o : outcomes) {
      LOG.info("MULTIHOST {} / {}: {} requests, {} failed {} ({} reads), longest {} ms, every request sent"
              + " {} ms after the link is back or later succeeds, cluster whole {} ms after; {} orders accepted, {} lost, {} doubled",
          clustered ? "clustered event bus" : "RabbitMQ", o.fault(), o.requests(), o.failures().values().stream()
              .mapToLong(Long::longValue).sum(), o.failures(), o.failedReads(), o.longestMs(), o.allSucceedAfterMs(),
          o.wholeAfterMs(), o.accepted(), o.lost(), o.doubled());
    }
    LOG.info("MULTIHOST {}: {} orders accepted, {} of unknown outcome retried with their keys after the faults;"
            + " {} order requests recorded, {} orders", clustered ? "clustered event bus" : "RabbitMQ", accepted,
        keys.size(), orderRequests, sql.count("SELECT count(*) FROM orders"));
    for (Outcome o : outcomes) {
      assertThat(o.lost()).as(o.fault() + ": accepted orders lost").isZero();
      assertThat(o.doubled()).as(o.fault() + ": orders doubled").isZero();
      assertThat(o.allSucceedAfterMs()).as(o.fault() + ": every request succeeds within 20 s of the link's return")
          .isLessThan(20_000);
      assertThat(o.wholeAfterMs()).as(o.fault() + ": the system heals by itself").isGreaterThanOrEqualTo(0);
    }
    assertThat(sql.count("SELECT count(*) FROM orders")).as("one order per 202, retried ones included; none for a 503")
        .isEqualTo(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(orderRequests)
        .isEqualTo(accepted + keys.size());
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
    return outcomes;
  }

  /**
   * Runs the traffic, cuts at 3 s, restores after {@code cutMs}, and goes on until every request of the last
   * 3 s succeeded (at most 40 s); orders of unknown outcome (neither 202 nor 503) are added to {@code unknown}
   * (their key as body).
   */
  private Outcome fault(String name, String run, int[] ids, Host gateway, Sql sql, List<Traffic.Call> unknown,
      Runnable cut, Runnable restore, long cutMs, BooleanSupplier whole) {
    Traffic traffic = new Traffic(vertx, gateway.privateAddress(), () -> HTTP, n -> n % 2 == 0
        ? new Traffic.Request("/users/" + ids[(n / 2) % ids.length], null, Map.of("Cache-Control", "no-cache"))
        : new Traffic.Request("/queue/neworder", order(ids, n), Map.of("Idempotency-Key", run + "-" + n)));
    traffic.start(CLIENTS);
    Await.sleep(3_000);
    cut.run();
    Await.sleep(cutMs);
    restore.run();
    long restoredAt = traffic.nowMs();
    long wholeAt = -1;
    long deadline = restoredAt + 40_000;
    while (traffic.nowMs() < deadline) {
      Await.sleep(250);
      if (wholeAt < 0 && whole.getAsBoolean()) {
        wholeAt = traffic.nowMs();
      }
      long now = traffic.nowMs();
      List<Traffic.Call> calls = traffic.calls();
      boolean recentAllOk = calls.stream().filter(c -> c.startMs() >= now - 3_000).allMatch(Traffic.Call::ok)
          && calls.stream().anyMatch(c -> c.startMs() >= now - 3_000);
      if (wholeAt >= 0 && now - restoredAt >= 3_000 && recentAllOk) {
        break;
      }
    }
    List<Traffic.Call> calls = traffic.stopAndDrain();
    List<Traffic.Call> failed = calls.stream().filter(c -> !c.ok()).toList();
    // from then on every request succeeds (one sent just before may still be waiting for its timeout)
    long lastFailureStart = failed.stream().mapToLong(Traffic.Call::startMs).max().orElse(restoredAt);
    Set<String> accepted = new HashSet<>();
    for (Traffic.Call c : calls) {
      if (c.seq() % 2 == 1) {
        if (c.status() == 202) {
          accepted.add(new JsonObject(c.body()).getString("request_id"));
        } else if (c.status() != 503) {
          unknown.add(new Traffic.Call(c.seq(), c.startMs(), c.endMs(), c.status(), run + "-" + c.seq()));
        }
      }
    }
    Await.until(name + ": every accepted order stored", Duration.ofSeconds(60),
        () -> accepted.isEmpty() || distinctStored(sql, accepted) == accepted.size());
    long stored = accepted.isEmpty() ? 0 : sql.count("SELECT count(*) FROM orders WHERE request_id IN (" + in(accepted) + ")");
    long distinct = distinctStored(sql, accepted);
    return new Outcome(name, calls.size(), Traffic.failuresByStatus(calls),
        failed.stream().filter(c -> c.seq() % 2 == 0).count(),
        calls.stream().mapToLong(Traffic.Call::millis).max().orElse(0),
        Math.max(0, lastFailureStart - restoredAt), wholeAt < 0 ? -1 : wholeAt - restoredAt,
        accepted.size(), accepted.size() - distinct, stored - distinct);
  }

  private static JsonObject order(int[] ids, int n) {
    return new JsonObject().put("user_id", ids[n % ids.length]).put("item_description", "Order " + n)
        .put("item_quantity", 1).put("item_price", 1);
  }

  private static long distinctStored(Sql sql, Set<String> requestIds) {
    return requestIds.isEmpty() ? 0
        : sql.count("SELECT count(DISTINCT request_id) FROM orders WHERE request_id IN (" + in(requestIds) + ")");
  }

  private static String in(Set<String> ids) {
    StringBuilder in = new StringBuilder();
    ids.forEach(id -> in.append(in.length() == 0 ? "'" : ",'").append(id).append('\''));
    return in.toString();
  }

  private static long servedBy(JarProcess process) {
    return process.output().lines().filter(l -> l.contains("user get -> 200")).count();
  }

  /** Whether every service answers ready on its operations port. */
  private static boolean allReady(List<Host> services) {
    return services.stream().allMatch(h -> opsReady(h) != null);
  }

  /** Whether every service is ready and sees all of them as members of its cluster. */
  private static boolean whole(List<Host> services) {
    return services.stream().allMatch(h -> {
      JsonObject ready = opsReady(h);
      if (ready == null) {
        return false;
      }
      for (Object check : ready.getJsonArray("checks", new JsonArray())) {
        JsonObject c = (JsonObject) check;
        if ("cluster".equals(c.getString("id"))) {
          return c.getJsonObject("data", new JsonObject()).getInteger("members", 0) == services.size();
        }
      }
      return false;
    });
  }

  /** The detailed readiness of a host's process when it says UP, else null. */
  private static JsonObject opsReady(Host host) {
    try {
      java.net.http.HttpResponse<String> r = OPS_CLIENT.send(HttpRequest.newBuilder(URI.create(
          "http://" + host.address() + ":" + OPS + "/ready")).timeout(Duration.ofSeconds(1)).GET().build(),
          BodyHandlers.ofString());
      return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
  }
}
