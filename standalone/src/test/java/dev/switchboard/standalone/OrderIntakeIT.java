package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.switchboard.order.OrderApplication;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The durable order intake through a real RabbitMQ and PostgreSQL: the gateway and order API in one
 * application, the intake consumer in another that the tests stop and start.
 */
@ExtendWith(VertxExtension.class)
class OrderIntakeIT {
  private TestConfig config;
  private JsonObject consumerConf;
  private HttpTestClient http;
  private Sql sql;
  private String consumerId;
  private int userId;

  @BeforeEach
  void start(Vertx vertx) {
    config = TestConfig.create().withRabbitMq().withPostgres("intake")
        .put("intake", new JsonObject().put("republishAfterSeconds", 1))
        .put("queues.retryInitialMs", 100).put("queues.retryMaxMs", 500);
    sql = new Sql(config.database());
    Apps.deployStandalone(vertx, config.json().put("order", new JsonObject().put("roles", new JsonArray().add("api"))));
    consumerConf = config.jsonWithPort(TestConfig.freePort())
        .put("order", new JsonObject().put("roles", new JsonArray().add("intake")));
    consumerId = Apps.deployReady(vertx, new OrderApplication(), consumerConf);
    http = new HttpTestClient(vertx, config.httpPort());
    userId = http.post("/users", TestData.newUser("buyer", "buyer-password")).bodyAsJsonObject().getInteger("user_id");
  }

  @AfterEach
  void stop(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private JsonObject order(int quantity) {
    return new JsonObject().put("user_id", userId).put("item_description", "Widget")
        .put("item_quantity", quantity).put("item_price", 100);
  }

  private HttpResponse<Buffer> enqueue(JsonObject order, String idempotencyKey) {
    return Await.result(send(order, idempotencyKey));
  }

  private Future<HttpResponse<Buffer>> send(JsonObject order, String idempotencyKey) {
    return http.send(HttpMethod.POST, "/queue/neworder", order,
        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
  }

  private JsonObject status(String requestId) {
    return http.get("/queue/neworder/" + requestId).bodyAsJsonObject();
  }

  /** Posts {@code count} orders, {@code parallel} at a time; returns the request ids of the 202 answers. */
  private List<String> postOrders(int count, int parallel) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < count; start += parallel) {
      List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + parallel); i++) {
        batch.add(http.send(HttpMethod.POST, "/queue/neworder", order(1 + i % 5)));
      }
      Await.result(Future.all(batch));
      for (Future<HttpResponse<Buffer>> response : batch) {
        assertThat(response.result().statusCode()).as(response.result().bodyAsString()).isEqualTo(202);
        JsonObject body = response.result().bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("QUEUED");
        assertThat(response.result().getHeader("location")).isEqualTo("/queue/neworder/" + body.getString("request_id"));
        ids.add(body.getString("request_id"));
      }
    }
    return ids;
  }

  private long storedOrders() {
    return sql.count("SELECT count(*) FROM orders");
  }

  @Test
  void aThousandOrdersMakeExactlyAThousandRowsAcrossAConsumerRestart(Vertx vertx) {
    List<String> accepted = new ArrayList<>(postOrders(500, 50));
    Await.until("the consumer to be busy", Duration.ofSeconds(30), () -> storedOrders() >= 50);
    Await.result(vertx.undeploy(consumerId));
    long storedWhenStopped = storedOrders();

    accepted.addAll(postOrders(500, 50));
    assertThat(storedOrders()).as("nothing is stored while the consumer is down").isEqualTo(storedWhenStopped);
    assertThat(storedWhenStopped).isLessThan(1_000);

    Apps.deployReady(vertx, new OrderApplication(), consumerConf);
    Await.until("1,000 stored orders", Duration.ofSeconds(90), () -> storedOrders() == 1_000
        && sql.count("SELECT count(*) FROM order_intake WHERE status = 'STORED'") == 1_000);

    assertThat(new HashSet<>(accepted)).hasSize(1_000);
    assertThat(storedOrders()).isEqualTo(1_000);
    assertThat(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(1_000);
    Set<String> storedIds = new HashSet<>();
    sql.rows("SELECT request_id FROM orders").forEach(row -> storedIds.add(row.get(0).toString()));
    assertThat(storedIds).isEqualTo(new HashSet<>(accepted));
    assertThat(sql.count("SELECT count(*) FROM orders WHERE total_value <> item_quantity * item_price")).isZero();

    JsonObject settled = status(accepted.get(0));
    assertThat(settled.getString("status")).isEqualTo("STORED");
    assertThat(settled.getInteger("order_id")).isPositive();
    assertThat(http.get("/orders/" + settled.getInteger("order_id")).statusCode()).isEqualTo(200);
  }

  @Test
  void theSameIdempotencyKeyMakesOneOrder() {
    HttpResponse<Buffer> first = enqueue(order(2), "order-key-1");
    HttpResponse<Buffer> second = enqueue(order(2), "order-key-1");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    String requestId = first.bodyAsJsonObject().getString("request_id");
    assertThat(second.bodyAsJsonObject().getString("request_id")).isEqualTo(requestId);

    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      racing.add(send(order(3), "order-key-2"));
    }
    Await.result(Future.all(racing));
    Set<String> racedIds = new HashSet<>();
    racing.forEach(r -> {
      assertThat(r.result().statusCode()).isEqualTo(202);
      racedIds.add(r.result().bodyAsJsonObject().getString("request_id"));
    });
    assertThat(racedIds).hasSize(1);

    Await.until("both keyed orders stored", Duration.ofSeconds(30), () -> storedOrders() == 2);
    Await.until("settled", Duration.ofSeconds(10), () -> "STORED".equals(status(requestId).getString("status")));
    assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + requestId + "'")).isEqualTo(1);

    HttpResponse<Buffer> again = enqueue(order(2), "order-key-1");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("STORED");
    assertThat(storedOrders()).isEqualTo(2);

    HttpResponse<Buffer> reused = enqueue(order(9), "order-key-1");
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.getHeader("content-type")).isEqualTo("application/problem+json");
  }

  @Test
  void anOrderForAMissingUserIsRejectedWithTheReason() {
    HttpResponse<Buffer> accepted = enqueue(order(1).put("user_id", 1_999_999_999), null);
    assertThat(accepted.statusCode()).isEqualTo(202);
    String requestId = accepted.bodyAsJsonObject().getString("request_id");
    Await.until("the request to be settled", Duration.ofSeconds(30),
        () -> !"QUEUED".equals(status(requestId).getString("status")));
    JsonObject settled = status(requestId);
    assertThat(settled.getString("status")).isEqualTo("REJECTED");
    assertThat(settled.getString("reason")).contains("user_id 1999999999");
    assertThat(settled.containsKey("order_id")).isFalse();
    assertThat(storedOrders()).isZero();
  }

  @Test
  void anUnreadableMessageIsDeadLetteredAndTheConsumerGoesOn() {
    String queue = config.queue("orderIntake");
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      amqp.publish(queue, "{not json".getBytes(StandardCharsets.UTF_8), null);
      amqp.publish(queue, "{\"user_id\": 1}".getBytes(StandardCharsets.UTF_8),
          new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("no-request-id").build());
      Await.until("two dead letters", Duration.ofSeconds(30), () -> amqp.messageCount(queue + ".dlq") == 2);
      List<com.rabbitmq.client.GetResponse> dead = amqp.drain(queue + ".dlq");
      assertThat(dead).allSatisfy(d -> assertThat(d.getProps().getHeaders().get("x-switchboard-reason").toString())
          .startsWith("not an intake request"));
      dead.forEach(d -> amqp.publish(queue + ".dlq", d.getBody(), d.getProps()));

      // a message with a request id but an invalid order is settled as REJECTED, not dead-lettered
      String invalidId = UUID.randomUUID().toString();
      amqp.publish(queue, order(0).put("request_id", invalidId).toBuffer().getBytes(), null);
      // the same message delivered twice (as after a consumer crash) makes one order
      String twiceId = UUID.randomUUID().toString();
      byte[] twice = order(4).put("request_id", twiceId).toBuffer().getBytes();
      amqp.publish(queue, twice, null);
      amqp.publish(queue, twice, null);

      Await.until("the raw messages to be settled", Duration.ofSeconds(30), () ->
          "REJECTED".equals(status(invalidId).getString("status")) && "STORED".equals(status(twiceId).getString("status")));
      assertThat(status(invalidId).getString("reason")).contains("item_quantity");
      assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + twiceId + "'")).isEqualTo(1);
      assertThat(amqp.messageCount(queue + ".dlq")).isEqualTo(2);
    }
    String after = enqueue(order(1), null).bodyAsJsonObject().getString("request_id");
    Await.until("an order after the garbage", Duration.ofSeconds(30), () -> "STORED".equals(status(after).getString("status")));
  }

  @Test
  void badInputIsRefused() {
    HttpResponse<Buffer> invalid = http.post("/queue/neworder", new JsonObject().put("user_id", userId));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").size()).isEqualTo(3);
    assertThat(http.post("/queue/neworder", "nope").statusCode()).isEqualTo(400);
    assertThat(http.post("/queue/neworder", order(100_000).put("item_price", 100_000)).statusCode()).isEqualTo(422);
    assertThat(enqueue(order(1), "x".repeat(256)).statusCode()).isEqualTo(400);
    assertThat(http.get("/queue/neworder/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(http.get("/queue/neworder/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(sql.count("SELECT count(*) FROM order_intake")).isZero();
  }

  /** A raw intake message, as another program (or an older version, past the HTTP validation) publishes it. */
  private void publishRaw(RawAmqp amqp, String requestId, String description) {
    amqp.publish(config.queue("orderIntake"), new JsonObject().put("request_id", requestId).put("user_id", userId)
        .put("item_description", description).put("item_quantity", 1).put("item_price", 100).toBuffer().getBytes(),
        new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(requestId).build());
  }

  @Test
  void aPoisonMessageIsRejectedAndTheTwentyBehindItAreStoredWithinFiveSeconds() {
    String poison = UUID.randomUUID().toString();
    List<String> valid = new ArrayList<>();
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      publishRaw(amqp, poison, "a\u0000b");
      for (int i = 0; i < 20; i++) {
        String id = UUID.randomUUID().toString();
        valid.add(id);
        publishRaw(amqp, id, "valid " + i);
      }
      long start = System.nanoTime();
      Await.until("the twenty stored", Duration.ofSeconds(5), () -> sql.count("SELECT count(*) FROM order_intake"
          + " WHERE status = 'STORED'") == 20);
      Await.until("the poison settled", Duration.ofSeconds(5), () -> "REJECTED".equals(status(poison).getString("status")));
      LoggerFactory.getLogger(OrderIntakeIT.class).info("A NUL order and twenty behind it settled in {} ms",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(status(poison).getString("reason")).contains("item_description must not contain the control character");
      valid.forEach(id -> assertThat(status(id).getString("status")).isEqualTo("STORED"));
      assertThat(amqp.messageCount(config.queue("orderIntake"))).isZero();
    }
  }

  @Test
  void fiftyPoisonMessagesInAThousandCostTheOthersLittle() {
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      long clean = timeToSettle(amqp, 1_000, 0);
      long poisoned = timeToSettle(amqp, 1_000, 50);
      LoggerFactory.getLogger(OrderIntakeIT.class).info(
          "1,000 intake messages settled in {} ms clean, {} ms with 50 poison ones ({}x)", clean, poisoned,
          String.format("%.2f", (double) poisoned / clean));
      assertThat(sql.count("SELECT count(*) FROM order_intake WHERE status = 'STORED'")).isEqualTo(1_950);
      assertThat(sql.count("SELECT count(*) FROM order_intake WHERE status = 'REJECTED'")).isEqualTo(25);
      assertThat(amqp.messageCount(config.queue("orderIntake") + ".dlq")).isEqualTo(25);
      assertThat(sql.count("SELECT count(DISTINCT request_id) FROM orders")).isEqualTo(storedOrders());
      assertThat(poisoned).as("settling with poison mixed in, against the clean run").isLessThan(clean * 6 / 5 + 250);
    }
  }

  /**
   * Publishes {@code count} raw intake messages ({@code poison} of them spread in: half with a NUL in the
   * description, half not JSON at all) and returns how long until every one settled.
   */
  private long timeToSettle(RawAmqp amqp, int count, int poison) {
    long settledBefore = sql.count("SELECT count(*) FROM order_intake WHERE status <> 'QUEUED'");
    long deadBefore = amqp.messageCount(config.queue("orderIntake") + ".dlq");
    int every = poison == 0 ? Integer.MAX_VALUE : count / poison;
    int unreadable = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (i % every == every / 2 && i / every % 2 == 1) {
        amqp.publish(config.queue("orderIntake"), "{\"not\": json".getBytes(StandardCharsets.UTF_8), null);
        unreadable++;
      } else {
        publishRaw(amqp, UUID.randomUUID().toString(), i % every == every / 2 ? "nul\u0000here" : "order " + i);
      }
    }
    int dead = unreadable;
    Await.until(count + " messages settled", Duration.ofSeconds(60), () ->
        sql.count("SELECT count(*) FROM order_intake WHERE status <> 'QUEUED'") - settledBefore == count - dead
            && amqp.messageCount(config.queue("orderIntake") + ".dlq") - deadBefore == dead);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aRedeliveredMessageOfAStoredThenDeletedOrderDoesNotMakeItAgain() {
    String requestId = UUID.randomUUID().toString();
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      publishRaw(amqp, requestId, "deleted later");
      Await.until("stored", Duration.ofSeconds(20), () -> "STORED".equals(status(requestId).getString("status")));
      int orderId = status(requestId).getInteger("order_id");
      assertThat(http.delete("/orders/" + orderId).statusCode()).isEqualTo(204);
      // the same message again, as a redelivery long after would bring it
      publishRaw(amqp, requestId, "deleted later");
      String marker = UUID.randomUUID().toString();
      publishRaw(amqp, marker, "after it");
      Await.until("the message after it stored", Duration.ofSeconds(20),
          () -> "STORED".equals(status(marker).getString("status")));
    }
    assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + requestId + "'")).isZero();
    assertThat(status(requestId).getString("status")).isEqualTo("STORED");
  }

  @Test
  void anAcceptedRequestWhosePublishFailedIsPublishedAgainAndStoredOnce() {
    // a second order API whose link to the broker stalls: its publish gets no confirm in time
    URI broker = URI.create(TestServices.rabbitmqUri());
    Vertx other = Vertx.vertx();
    TcpProxy proxy = new TcpProxy(other, broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
    try {
      int proxyPort = Await.result(proxy.start());
      int port = TestConfig.freePort();
      JsonObject conf = config.jsonWithPort(port).put("order", new JsonObject().put("roles", new JsonArray().add("api")));
      conf.getJsonObject("rabbitmq").put("uri", broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:"
          + proxyPort).put("confirmTimeoutMs", 500);
      Apps.deployStandalone(other, conf);
      HttpTestClient api = new HttpTestClient(other, port);
      Await.until("the second API publishing", Duration.ofSeconds(20),
          () -> api.post("/queue/neworder", order(1)).statusCode() == 202);
      proxy.stall();
      HttpResponse<Buffer> accepted = api.post("/queue/neworder", order(1));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String requestId = accepted.bodyAsJsonObject().getString("request_id");
      assertThat(sql.count("SELECT count(*) FROM order_intake WHERE published_at IS NOT NULL AND request_id = '"
          + requestId + "'")).as("marked to be published again").isEqualTo(1);
      // the stalled publish never reaches the broker: the link is cut, what it held is lost
      proxy.cut();
      proxy.restore();
      Await.until("the request published again and stored", Duration.ofSeconds(30),
          () -> "STORED".equals(status(requestId).getString("status")));
      assertThat(sql.count("SELECT publishes FROM order_intake WHERE request_id = '" + requestId + "'"))
          .as("published again by the sweep").isPositive();
      assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + requestId + "'")).isEqualTo(1);
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void requestsOlderThanTheRetentionAreRemovedAndAnswer404(Vertx vertx) {
    String old = enqueue(order(1), null).bodyAsJsonObject().getString("request_id");
    String recent = enqueue(order(2), null).bodyAsJsonObject().getString("request_id");
    Await.until("both stored", Duration.ofSeconds(20), () -> "STORED".equals(status(old).getString("status"))
        && "STORED".equals(status(recent).getString("status")));
    sql.execute("UPDATE order_intake SET created_at = created_at - interval '40 days' WHERE request_id = '" + old + "'");
    // a consumer purges at start, then every hour
    Await.result(vertx.undeploy(consumerId));
    consumerId = Apps.deployReady(vertx, new OrderApplication(), consumerConf);
    Await.until("the old request gone", Duration.ofSeconds(20), () -> http.get("/queue/neworder/" + old).statusCode() == 404);
    assertThat(status(recent).getString("status")).isEqualTo("STORED");
    // the order itself stays: only the intake record ages out
    assertThat(storedOrders()).isEqualTo(2);
  }
}
