package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.order.OrderApplication;
import dev.switchboard.platform.ops.Metrics;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import dev.switchboard.user.UserApplication;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RPC over RabbitMQ against callers the system does not control: a third party publishing forged replies
 * on the gateway's reply queue is never served nor cached, only counted; and the source system's Flask
 * gateway — which declares {@code user} and {@code order} itself as plain queues and publishes its creates
 * without a {@code type} — is served whichever side starts first.
 */
@ExtendWith(VertxExtension.class)
class RpcCompatibilityIT {
  private TestConfig config;

  @AfterEach
  void tearDown() {
    config.cleanUp();
  }

  private static JsonObject user(String nick) {
    return TestData.newUser(nick, "compatible-pw");
  }

  @Test
  void forgedRepliesAreNeverServedNorCachedOnlyCounted(Vertx vertx) throws Exception {
    config = TestConfig.create().withPostgres("rpc_forged").withRabbitMq()
        .put("transport", new JsonObject().put("user", "rabbitmq"));
    Apps.deployReady(vertx, new UserApplication(), config.jsonWithPort(TestConfig.freePort()));
    Apps.deployReady(vertx, new GatewayApplication(), config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    Await.until("calls to reach the user service", Duration.ofSeconds(30),
        () -> http.get("/users/2000000000").statusCode() == 404);
    int userId = http.post("/users", user("f" + UUID.randomUUID().toString().substring(0, 8)))
        .bodyAsJsonObject().getInteger("user_id");
    double droppedBefore = dropped();

    try (RawAmqp forger = new RawAmqp(TestServices.rabbitmqUri())) {
      List<String> replyQueues = replyAddresses(forger, http, config.queue("user"));
      assertThat(replyQueues).isNotEmpty();
      byte[] forged = new JsonObject().put("user_id", userId).put("nick_name", "FORGED").toBuffer().getBytes();
      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 5; i++) {
          reads.add(http.send(HttpMethod.GET, "/users/" + userId, null, Map.of("Cache-Control", "no-cache")));
        }
        // guesses: the small counters an earlier version used, and random ids of the right shape
        for (String queue : replyQueues) {
          for (int guess = 1; guess <= 50; guess++) {
            forge(forger, queue, Integer.toString(round * 50 + guess), forged);
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            forge(forger, queue, HexFormat.of().formatHex(random), forged);
          }
        }
      }
      for (Future<HttpResponse<Buffer>> read : reads) {
        HttpResponse<Buffer> answer = Await.result(read);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsString()).doesNotContain("FORGED");
      }
      // a cached read after the forgery shows the real user too
      http.get("/users/" + userId);
      assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("nick_name")).doesNotContain("FORGED");
      Await.until("the forged replies counted", Duration.ofSeconds(10), () -> dropped() - droppedBefore >= 1_000);
    }
  }

  private static void forge(RawAmqp forger, String queue, String correlationId, byte[] body) {
    forger.publish(queue, body, new AMQP.BasicProperties.Builder().correlationId(correlationId)
        .headers(Map.of("status", 200)).build());
  }

  private static double dropped() {
    var counter = Metrics.registry().find("switchboard.rpc.replies.dropped").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * The gateway's reply address (direct reply-to: the broker names it in each request's {@code reply_to}),
   * as a forger who may read the service's request queue sees it: a consumer of higher priority than the
   * service's takes a request, reads it and puts it back for the service to answer.
   */
  private static List<String> replyAddresses(RawAmqp forger, HttpTestClient http, String queue) throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    Channel channel = forger.channel();
    String tag = channel.basicConsume(queue, false, Map.of("x-priority", 10), new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
          throws IOException {
        seen.add(String.valueOf(props.getReplyTo()));
        getChannel().basicNack(envelope.getDeliveryTag(), false, true);
      }
    });
    List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
    String replyTo = null;
    try {
      for (int round = 0; round < 30 && replyTo == null; round++) {
        reads.add(http.send(HttpMethod.GET, "/users/2000000000", null, Map.of("Cache-Control", "no-cache")));
        replyTo = seen.poll(1, TimeUnit.SECONDS);
      }
    } finally {
      channel.basicCancel(tag);
    }
    reads.forEach(Await::result);
    assertThat(replyTo).as("a request seen on " + queue).startsWith("amq.rabbitmq.reply-to.");
    return List.of(replyTo);
  }

  @Test
  void theSourceGatewaysCallsAreServedWhicheverSideStartsFirst(Vertx vertx) throws Exception {
    config = TestConfig.create().withPostgres("rpc_source").withRabbitMq()
        .put("transport", new JsonObject().put("user", "rabbitmq").put("order", "rabbitmq"));
    try (RawAmqp flask = new RawAmqp(TestServices.rabbitmqUri())) {
      // the source gateway runs first: queue_declare(queue='user') — classic, not durable, no arguments
      flask.channel().queueDeclare(config.queue("user"), false, false, false, null);
      String early = "early" + UUID.randomUUID().toString().substring(0, 6);
      // it publishes before any Java service runs; the create waits in the queue
      java.util.concurrent.CompletableFuture<RawAmqp.Reply> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> flask.callLikeTheSourceGateway(config.queue("user"), user(early).toBuffer().getBytes(),
              Duration.ofSeconds(60)));
      Thread.sleep(300);
      Apps.deployReady(vertx, new UserApplication(), config.jsonWithPort(TestConfig.freePort()));
      RawAmqp.Reply created = waiting.get();
      assertThat(created.status()).isEqualTo(200);
      assertThat(created.body().getString("nick_name")).isEqualTo(early);
      assertThat(created.body().getInteger("user_id")).isPositive();
      assertThat(created.body().containsKey("password")).isFalse();
    }
    try (RawAmqp flask = new RawAmqp(TestServices.rabbitmqUri())) {
      // the order service runs first, the source gateway declares the queue after it, the same plain way
      Apps.deployReady(vertx, new OrderApplication(), config.jsonWithPort(TestConfig.freePort()));
      flask.channel().queueDeclare(config.queue("order"), false, false, false, null);
      int userId = flask.callLikeTheSourceGateway(config.queue("user"),
          user("late" + UUID.randomUUID().toString().substring(0, 6)).toBuffer().getBytes(), Duration.ofSeconds(30))
          .body().getInteger("user_id");
      RawAmqp.Reply order = flask.callLikeTheSourceGateway(config.queue("order"), new JsonObject()
          .put("user_id", userId).put("item_description", "From Flask").put("item_quantity", 2).put("item_price", 350)
          .toBuffer().getBytes(), Duration.ofSeconds(30));
      assertThat(order.status()).isEqualTo(200);
      assertThat(order.body().getInteger("total_value")).isEqualTo(700);
      assertThat(order.body().getInteger("user_id")).isEqualTo(userId);
    }
    // and the Java gateway shares the queues with it
    Apps.deployReady(vertx, new GatewayApplication(), config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    Await.until("calls through the Java gateway", Duration.ofSeconds(30),
        () -> http.get("/users?limit=5").statusCode() == 200);
    assertThat(http.get("/users?limit=5").bodyAsJsonArray()).hasSize(2);
  }
}
