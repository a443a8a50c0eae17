package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway, user, order and ping services as four JVMs started with {@code -cluster}: calls travel the
 * clustered event bus (Hazelcast, TCP join on 127.0.0.1); the work queues stay on RabbitMQ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedClusterIT {
  private final Vertx vertx = Vertx.vertx();
  private final TestConfig config = TestConfig.create().withRabbitMq().withPostgres("dist_cluster").withAuth()
      .put("cluster", ClusterSettings.unique());
  private Fleet fleet;
  private JarProcess ping;
  private HttpTestClient http;

  @BeforeAll
  void startProcesses() {
    fleet = new Fleet(config.json(), true);
    Fleet.Deployed system = fleet.startSystem();
    ping = system.ping();
    HttpTestClient anonymous = new HttpTestClient(vertx, system.gatewayPort());
    Await.until("the admin to sign in over the cluster", Duration.ofSeconds(30), () -> anonymous.post("/auth/login",
        new JsonObject().put("nick_name", TestConfig.ADMIN).put("password", config.adminPassword())).statusCode() == 200);
    http = anonymous.signedIn(TestConfig.ADMIN, config.adminPassword());
    Await.until("the cluster to route calls", Duration.ofSeconds(30), () -> http.get("/users").statusCode() == 200
        && http.get("/orders").statusCode() == 200 && http.get("/messages").statusCode() == 200);
  }

  @AfterAll
  void stopProcesses() {
    try {
      assertThat(fleet.blockedThreadWarnings()).isEmpty();
    } finally {
      fleet.close();
      Await.result(vertx.close());
      config.cleanUp();
    }
  }

  @Test
  void usersOrdersAndPingsWorkThroughTheGateway() {
    DistributedFlows.usersOrdersAndPings(http);
  }

  /** Runs last: it stops the ping service for good. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aServiceWithNoInstanceLeftIsA503AtOnce() {
    assertThat(ping.stop()).isIn(0, 143);
    Await.until("the cluster to forget the ping service", Duration.ofSeconds(20),
        () -> http.post("/ping", new JsonObject().put("msg", "anyone?")).statusCode() == 503);
    long start = System.nanoTime();
    assertThat(http.post("/ping", new JsonObject().put("msg", "anyone?")).statusCode()).isEqualTo(503);
    assertThat(http.get("/messages").statusCode()).isEqualTo(503);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
    assertThat(http.get("/users").statusCode()).isEqualTo(200);
  }

  /** The services check who calls, over the clustered event bus too. */
  @Test
  void theServicesEnforceOwnershipBehindTheGateway() {
    DistributedFlows.ownershipIsEnforcedBehindTheGateway(http, new HttpTestClient(vertx, http.port()));
  }

  @Test
  void everyProcessIsOneClusterMember() {
    assertThat(fleet.logs()).contains("Joining cluster " + config.json().getJsonObject("cluster").getString("name"));
  }
}
