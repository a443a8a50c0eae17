package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway, user, order and ping services as four JVMs started from their fat jars, every call between
 * them over RabbitMQ request/reply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedRabbitIT {
  private final Vertx vertx = Vertx.vertx();
  private final TestConfig config = TestConfig.create().withRabbitMq().withPostgres("dist_rabbit").withAuth()
      .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "rabbitmq").put("ping", "rabbitmq"));
  private Fleet fleet;
  private HttpTestClient http;

  @BeforeAll
  void startProcesses() {
    fleet = new Fleet(config.json(), false);
    Fleet.Deployed system = fleet.startSystem();
    HttpTestClient anonymous = new HttpTestClient(vertx, system.gatewayPort());
    // each bridge consumes its queue once the service is up; wait until a sign-in goes through
    Await.until("the admin to sign in", Duration.ofSeconds(30), () -> anonymous.post("/auth/login",
        new JsonObject().put("nick_name", TestConfig.ADMIN).put("password", config.adminPassword())).statusCode() == 200);
    http = anonymous.signedIn(TestConfig.ADMIN, config.adminPassword());
    Await.until("calls to reach the services", Duration.ofSeconds(30), () -> http.get("/users").statusCode() == 200
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

  /** The services check who calls, over RabbitMQ too. */
  @Test
  void theServicesEnforceOwnershipBehindTheGateway() {
    DistributedFlows.ownershipIsEnforcedBehindTheGateway(http, new HttpTestClient(vertx, http.port()));
  }

  @Test
  void aPlainAmqpClientCallsTheServicesDirectlyByTheDocumentedContract() {
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      String userQueue = config.queue("user");
      String nick = "raw" + UUID.randomUUID().toString().substring(0, 8);
      RawAmqp.Reply created = amqp.call(userQueue, "create", TestData.newUser(nick, "from-a-raw-client").toBuffer().getBytes(),
          Duration.ofSeconds(10));
      assertThat(created.status()).isEqualTo(200);
      int userId = created.body().getInteger("user_id");
      assertThat(created.body().containsKey("password")).isFalse();
      assertThat(created.properties().getContentType()).isEqualTo("application/json");
      assertThat(created.properties().getHeaders().get("x-request-id").toString()).startsWith("raw-");

      // without the principal headers a direct client is refused what needs a user
      assertThat(amqp.call(userQueue, "get", new JsonObject().put("user_id", userId).toBuffer().getBytes(),
          Duration.ofSeconds(10)).status()).isEqualTo(401);
      assertThat(amqp.callAs(userQueue, "get", new JsonObject().put("user_id", userId).toBuffer().getBytes(),
          Duration.ofSeconds(10), "999999", "user").status()).isEqualTo(403);
      RawAmqp.Reply found = amqp.callAs(userQueue, "get", new JsonObject().put("user_id", userId).toBuffer().getBytes(),
          Duration.ofSeconds(10), Integer.toString(userId), "user");
      assertThat(found.status()).isEqualTo(200);
      assertThat(found.body().getString("nick_name")).isEqualTo(nick);

      RawAmqp.Reply missing = amqp.callAs(userQueue, "get", "{\"user_id\": 2000000000}".getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(10), "1", "user,admin");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body().getInteger("status")).isEqualTo(404);
      assertThat(missing.body().getString("detail")).contains("2000000000");

      RawAmqp.Reply invalid = amqp.call(userQueue, "create", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.body().getJsonArray("errors")).hasSize(6);

      assertThat(amqp.call(userQueue, "get", "not json".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)).status())
          .isEqualTo(400);
      assertThat(amqp.call(userQueue, "fly", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)).status())
          .isEqualTo(400);

      RawAmqp.Reply listed = amqp.callAs(config.queue("order"), "list-by-user",
          new JsonObject().put("user_id", userId).toBuffer().getBytes(), Duration.ofSeconds(10),
          Integer.toString(userId), "user");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.body().getJsonArray("items")).isEmpty();

      RawAmqp.Reply messages = amqp.call(config.queue("pongRpc"), "messages", "{}".getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(10));
      assertThat(messages.status()).isEqualTo(200);
      assertThat(messages.body().containsKey("items")).isTrue();

      // a request nobody can answer (no reply_to) is taken and dropped: nothing of it stays in the broker
      amqp.publish(userQueue, "{\"user_id\": 1}".getBytes(StandardCharsets.UTF_8), null);
      Await.until("the unanswerable request taken", Duration.ofSeconds(20), () -> amqp.messageCount(userQueue) == 0);
      assertThat(amqp.exists(userQueue + ".dlq")).as("no dead-letter queue for requests").isFalse();

      // a request whose caller gave up already (its deadline passed) is dropped without running
      String late = "late" + UUID.randomUUID().toString().substring(0, 8);
      amqp.publish(userQueue, TestData.newUser(late, "arrived-too-late").toBuffer().getBytes(),
          new com.rabbitmq.client.AMQP.BasicProperties.Builder().type("create").correlationId("late-1")
              .replyTo(userQueue).headers(java.util.Map.of("x-deadline", System.currentTimeMillis() - 1_000)).build());
      Await.until("the late request taken", Duration.ofSeconds(20), () -> amqp.messageCount(userQueue) == 0);
      RawAmqp.Reply listedAll = amqp.callAs(userQueue, "list", "{\"limit\":100}".getBytes(StandardCharsets.UTF_8),
          Duration.ofSeconds(10), "1", "user,admin");
      assertThat(listedAll.body().getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("nick_name")))
          .doesNotContain(late);
    }
  }

  @Test
  void aServiceWithoutInstancesAnswers503Or504WithinTheTimeout() {
    TestConfig lonely = TestConfig.create().withRabbitMq()
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "rabbitmq").put("ping", "eventbus"))
        .put("calls", new JsonObject().put("timeoutMs", 1500));
    Vertx local = Vertx.vertx();
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      Await.result(local.deployVerticle(new GatewayApplication(), new DeploymentOptions().setConfig(lonely.json())));
      HttpTestClient gateway = new HttpTestClient(local, lonely.httpPort());
      // until its RPC channel is up the gateway answers "broker not reachable"; then the real answer shows:
      // no service ever declared the user queue, so the request is unroutable — 503 at once
      Await.until("the gateway's RPC channel", Duration.ofSeconds(20),
          () -> gateway.get("/users/1").bodyAsJsonObject().getString("detail").contains("No queue"));
      long start = System.nanoTime();
      HttpResponse<Buffer> unroutable = gateway.get("/users/1");
      assertThat(unroutable.statusCode()).isEqualTo(503);
      assertThat(unroutable.bodyAsJsonObject().getString("detail")).contains("not available");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);

      // the order queue exists but nothing consumes it: 504 once the timeout passed, not a hang
      amqp.channel().queueDeclare(lonely.queue("order") + ".dlq", true, false, false, null);
      amqp.channel().queueDeclare(lonely.queue("order"), true, false, false, java.util.Map.of(
          "x-dead-letter-exchange", "", "x-dead-letter-routing-key", lonely.queue("order") + ".dlq"));
      start = System.nanoTime();
      HttpResponse<Buffer> unanswered = gateway.get("/orders/1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(unanswered.statusCode()).isEqualTo(504);
      assertThat(millis).isBetween(1_400L, 3_000L);

      // over the event bus, no instance is a 503 at once
      start = System.nanoTime();
      assertThat(gateway.post("/ping", new JsonObject().put("msg", "anyone?")).statusCode()).isEqualTo(503);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);

      amqp.deleteQueue(lonely.queue("order"));
      amqp.deleteQueue(lonely.queue("order") + ".dlq");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } finally {
      Await.result(local.close());
    }
  }

  @Test
  void eachProcessAnswersHealthOnItsOwnPort() {
    assertThat(JarProcess.status(http.port(), "/health")).isEqualTo(200);
    assertThat(JarProcess.status(http.port(), "/ready")).isEqualTo(200);
  }
}
