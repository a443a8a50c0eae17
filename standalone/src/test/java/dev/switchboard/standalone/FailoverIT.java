package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two user-service processes behind one gateway under steady uncached traffic ({@code Cache-Control:
 * no-cache}, so every request reaches a user service — and the one killed is shown to have served some
 * before the kill); one is killed with SIGKILL. Over RabbitMQ its unacknowledged requests go to the
 * survivor and no request fails; over the clustered event bus the requests caught on the dead node fail
 * fast (503/504) and soon every request succeeds again. The requests failed, the longest request around
 * the kill and the time until every request succeeds again are logged (look for "FAILOVER").
 */
class FailoverIT {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
  private static final long TRAFFIC_BEFORE_KILL_MS = 4_000;
  private static final long TRAFFIC_AFTER_KILL_MS = 16_000;

  private final Vertx vertx = Vertx.vertx();
  private TestConfig config;
  private Fleet fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    Await.result(vertx.close());
    config.cleanUp();
  }

  @Test
  void overRabbitMqAKilledUserServiceFailsAtMostTheRepliesItHadInFlight() {
    config = TestConfig.create().withRabbitMq().withPostgres("failover_rabbit")
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "eventbus").put("ping", "eventbus"));
    List<Traffic.Call> calls = killOneUnderLoad(false);

    // its unacknowledged requests go to the survivor; a reply already acked but not yet on the wire is lost
    // with the process (known gap, docs/reliability.md): that caller alone gets a 504
    assertThat(calls.stream().filter(c -> !c.ok()).toList()).as("failed requests").hasSizeLessThanOrEqualTo(8)
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(504));
  }

  @Test
  void clusteredRequestsOnTheDeadNodeFailFastAndServiceRecoversWithinTenSeconds() {
    config = TestConfig.create().withRabbitMq().withPostgres("failover_cluster")
        .put("cluster", ClusterSettings.unique());
    List<Traffic.Call> calls = killOneUnderLoad(true);

    List<Traffic.Call> failed = calls.stream().filter(c -> !c.ok()).toList();
    assertThat(failed).allSatisfy(c -> {
      assertThat(c.status()).as("only the calls on the dead node fail: the circuit stays closed, since the other"
          + " user service answers throughout").isEqualTo(504);
      assertThat(c.millis()).as("a failed request is answered within the call timeout, not after 30 s")
          .isLessThan(6_500);
    });
    assertThat(calls.stream().filter(c -> c.startMs() >= TRAFFIC_BEFORE_KILL_MS + 10_000))
        .as("every request started 10 s after the kill succeeds").isNotEmpty().allMatch(Traffic.Call::ok);
  }

  /** Starts gateway + two user services, runs traffic, kills one user service, returns every call. */
  private List<Traffic.Call> killOneUnderLoad(boolean clustered) {
    fleet = new Fleet(config.json(), clustered);
    int gatewayPort = TestConfig.freePort();
    int firstPort = TestConfig.freePort();
    int secondPort = TestConfig.freePort();
    JarProcess first = fleet.start("user-verticle", firstPort);
    JarProcess second = fleet.start("user-verticle", secondPort);
    JarProcess gateway = fleet.start("gateway-verticle", gatewayPort);
    Fleet.awaitReady(first, firstPort);
    Fleet.awaitReady(second, secondPort);
    Fleet.awaitReady(gateway, gatewayPort);

    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    Await.until("calls to reach the user services", Duration.ofSeconds(30), () -> http.get("/users").statusCode() == 200);
    int[] ids = new int[8];
    for (int i = 0; i < ids.length; i++) {
      String nick = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      ids[i] = http.post("/users", TestData.newUser(nick, "failover-pw")).bodyAsJsonObject().getInteger("user_id");
    }

    Traffic traffic = new Traffic(vertx, gatewayPort, loop -> "/users/" + ids[loop % ids.length],
        Map.of("Cache-Control", "no-cache"));
    traffic.start(8);
    sleep(TRAFFIC_BEFORE_KILL_MS);
    long servedByTheKilledOne = first.output().lines().filter(l -> l.contains("user get -> 200")).count();
    long killedAt = traffic.nowMs();
    first.kill();
    sleep(TRAFFIC_AFTER_KILL_MS);
    List<Traffic.Call> calls = traffic.stop();
    sleep(500);

    List<Traffic.Call> failed = calls.stream().filter(c -> !c.ok()).toList();
    long lastFailureStart = failed.stream().mapToLong(Traffic.Call::startMs).max().orElse(killedAt);
    long lastFailureEnd = failed.stream().mapToLong(Traffic.Call::endMs).max().orElse(killedAt);
    long slowest = calls.stream().filter(c -> c.startMs() >= killedAt - 1_000).mapToLong(Traffic.Call::millis).max()
        .orElse(0);
    LOG.info("FAILOVER {}: {} requests ({} served by the killed one before the kill), {} failed {}, kill at {} ms,"
            + " last failed request started {} ms and ended {} ms after the kill (every request succeeds after that),"
            + " slowest request around the kill {} ms",
        clustered ? "clustered event bus" : "RabbitMQ", calls.size(), servedByTheKilledOne, failed.size(),
        Traffic.failuresByStatus(calls), killedAt, lastFailureStart - killedAt, lastFailureEnd - killedAt, slowest);
    assertThat(servedByTheKilledOne).as("requests the killed user service served before the kill").isGreaterThan(10);
    assertThat(calls.stream().filter(c -> c.startMs() > killedAt + 10_000).count()).as("traffic after the kill")
        .isGreaterThan(100);
    assertThat(fleet.blockedThreadWarnings()).isEmpty();
    return calls;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
