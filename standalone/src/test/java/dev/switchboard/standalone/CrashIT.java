package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process that dies right after its commit and before its acknowledgement (a crash point,
 * {@code -Dswitchboard.crashAt}, halts the JVM there as {@code kill -9} would): the broker hands the message
 * to the next instance, which must not do the work twice — the intake makes one order, and a password
 * change over RPC answers the client 204 (not the 403 that verifying the old password again would give).
 */
class CrashIT {
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

  private static JsonObject newUser(String password) {
    String nick = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    return TestData.newUser(nick, password);
  }

  @Test
  void anIntakeConsumerKilledBetweenCommitAndAckMakesNoDuplicateOrder() {
    config = TestConfig.create().withRabbitMq().withPostgres("crash_intake")
        .put("transport", new JsonObject().put("user", "eventbus").put("order", "eventbus").put("ping", "eventbus"));
    fleet = new Fleet(config.json(), false);
    int apiPort = TestConfig.freePort();
    JarProcess api = fleet.startJar(java.nio.file.Path.of("target", "switchboard.jar"), "api", apiPort,
        "order.roles=api");
    Fleet.awaitReady(api, apiPort);
    HttpTestClient http = new HttpTestClient(vertx, apiPort);
    int userId = http.post("/users", newUser("crash-password")).bodyAsJsonObject().getInteger("user_id");

    int diesPort = TestConfig.freePort();
    JarProcess dies = fleet.startWithJvmArgs(Fleet.jar("order-verticle"), "intake-dies", diesPort,
        new String[] {"-Dswitchboard.crashAt=intake-committed"}, "order.roles=intake");
    Fleet.awaitReady(dies, diesPort);

    String requestId = http.post("/queue/neworder", new JsonObject().put("user_id", userId)
        .put("item_description", "Crash").put("item_quantity", 1).put("item_price", 5))
        .bodyAsJsonObject().getString("request_id");
    assertThat(dies.awaitExit(Duration.ofSeconds(30))).as("the consumer halted right after its commit").isEqualTo(137);
    Sql sql = new Sql(config.database());
    assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + requestId + "'")).isEqualTo(1);

    int survivorPort = TestConfig.freePort();
    JarProcess survivor = fleet.start("order-verticle", survivorPort, "order.roles=intake");
    Fleet.awaitReady(survivor, survivorPort);
    Await.until("the request settled by the next consumer", Duration.ofSeconds(30), () -> "STORED".equals(
        http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getString("status")));
    assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + requestId + "'")).isEqualTo(1);
    assertThat(sql.count("SELECT count(*) FROM orders")).isEqualTo(1);
  }

  @Test
  void aUserServiceKilledAfterCommittingAPasswordChangeLeavesTheClientA204() {
    config = TestConfig.create().withRabbitMq().withPostgres("crash_password")
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "eventbus").put("ping", "eventbus"))
        // long enough for the request to be redelivered to a user service that starts after the crash
        .put("calls", new JsonObject().put("timeoutMs", 30_000));
    fleet = new Fleet(config.json(), false);
    int gatewayPort = TestConfig.freePort();
    int diesPort = TestConfig.freePort();
    JarProcess dies = fleet.startWithJvmArgs(Fleet.jar("user-verticle"), "user-dies", diesPort,
        new String[] {"-Dswitchboard.crashAt=password-changed"});
    JarProcess gateway = fleet.start("gateway-verticle", gatewayPort);
    Fleet.awaitReady(dies, diesPort);
    Fleet.awaitReady(gateway, gatewayPort);
    HttpTestClient http = new HttpTestClient(vertx, gatewayPort);
    Await.until("calls to reach the user service", Duration.ofSeconds(30),
        () -> http.get("/users/2000000000").statusCode() == 404);
    int userId = http.post("/users", newUser("the-old-password")).bodyAsJsonObject().getInteger("user_id");

    Future<HttpResponse<Buffer>> change = http.send(HttpMethod.PUT, "/users/" + userId + "/password",
        new JsonObject().put("current_password", "the-old-password").put("new_password", "the-new-password"));
    assertThat(dies.awaitExit(Duration.ofSeconds(30))).as("the user service halted after its commit").isEqualTo(137);
    int survivorPort = TestConfig.freePort();
    JarProcess survivor = fleet.start("user-verticle", survivorPort);
    Fleet.awaitReady(survivor, survivorPort);

    HttpResponse<Buffer> answered = Await.result(change, Duration.ofSeconds(40));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(204);
    // the change happened once: the new password is the current one
    assertThat(http.put("/users/" + userId + "/password", new JsonObject().put("current_password", "the-new-password")
        .put("new_password", "a-third-password")).statusCode()).isEqualTo(204);
    assertThat(new JsonArray(fleet.blockedThreadWarnings())).isEmpty();
  }
}
