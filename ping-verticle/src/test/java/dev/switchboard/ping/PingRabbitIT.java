package dev.switchboard.ping;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.switchboard.messaging.bus.EventBusServiceClient;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.contract.ping.PongApi;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ping flow through a real RabbitMQ: publisher confirms, durable queue, manual-ack consumer, DLQ. */
@ExtendWith(VertxExtension.class)
class PingRabbitIT {
  private TestConfig config;
  private RawAmqp amqp;
  private ServiceClient ping;
  private ServiceClient pong;

  @BeforeEach
  void setUp(Vertx vertx) {
    config = TestConfig.create().withRabbitMq();
    amqp = new RawAmqp(TestServices.rabbitmqUri());
    ping = new EventBusServiceClient(vertx, Service.PING, Duration.ofSeconds(5));
    pong = new EventBusServiceClient(vertx, Service.PONG, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown(Vertx vertx) {
    Await.result(vertx.close());
    amqp.deleteQueue(config.queue("ping"));
    amqp.deleteQueue(config.queue("ping") + ".dlq");
    amqp.close();
  }

  /** Deploys the ping application and waits until its /ready says it serves. */
  private String deploy(Vertx vertx, JsonObject conf) {
    String id = Await.result(vertx.deployVerticle(new PingApplication(), new DeploymentOptions().setConfig(conf)));
    int port = conf.getJsonObject("http").getInteger("port");
    Await.until("the ping service ready", Duration.ofSeconds(30), () -> JarProcess.status(port, "/ready") == 200);
    return id;
  }

  private JsonObject publish(String msg) {
    return Await.result(ping.request(PingApi.PUBLISH, new JsonObject().put("msg", msg), null));
  }

  private JsonArray messages(JsonObject query) {
    return Await.result(pong.request(PongApi.MESSAGES, query, null)).getJsonArray("items");
  }

  private JsonArray allMessages() {
    return messages(new JsonObject().put("limit", 1000));
  }

  /** The publisher confirms once its channel is set up; wait until a ping goes through. */
  private void awaitPublisherReady() {
    Await.until("the publisher to accept pings", Duration.ofSeconds(20), () -> {
      try {
        Await.result(ping.request(PingApi.PUBLISH, new JsonObject().put("msg", "warm-up"), null));
        return true;
      } catch (ServiceFailure e) {
        return false;
      }
    });
  }

  @Test
  void fiveHundredAcceptedPingsAreListedExactlyOnceInOrder(Vertx vertx) {
    deploy(vertx, config.json());
    awaitPublisherReady();
    Await.until("the warm-up ping", Duration.ofSeconds(10), () -> allMessages().size() == 1);

    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      JsonObject reply = publish("ping-" + i);
      assertThat(reply.getString("msg")).isEqualTo("ping-" + i);
      assertThat(reply.getString("date")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
      accepted.add(reply.getString("id"));
    }

    Await.until("500 stored pings", Duration.ofSeconds(20), () -> allMessages().size() == 501);
    JsonArray stored = allMessages();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i < stored.size(); i++) {
      ids.add(stored.getJsonObject(i).getString("id"));
      assertThat(stored.getJsonObject(i).getString("msg")).isEqualTo("ping-" + (i - 1));
    }
    assertThat(ids).containsExactlyElementsOf(accepted);
    assertThat(amqp.messageCount(config.queue("ping"))).isZero();

    // paging: limit and after
    JsonArray page = messages(new JsonObject().put("limit", 10).put("after", accepted.get(99)));
    assertThat(page).hasSize(10);
    assertThat(page.getJsonObject(0).getString("id")).isEqualTo(accepted.get(100));
    assertThat(messages(new JsonObject())).hasSize(100);
  }

  @Test
  void aPingPublishedWhileTheConsumerIsDownArrivesWhenItStarts(Vertx vertx) {
    deploy(vertx, config.json().put("ping", new JsonObject().put("roles", new JsonArray().add("ping"))));
    awaitPublisherReady();
    String id = publish("sent while pong is down").getString("id");
    assertThat(amqp.messageCount(config.queue("ping"))).isEqualTo(2);

    deploy(vertx, config.jsonWithPort(TestConfig.freePort())
        .put("ping", new JsonObject().put("roles", new JsonArray().add("pong"))));
    Await.until("the ping to be delivered", Duration.ofSeconds(20), () -> allMessages().size() == 2);
    assertThat(allMessages().getJsonObject(1).getString("id")).isEqualTo(id);
    assertThat(allMessages().getJsonObject(1).getString("msg")).isEqualTo("sent while pong is down");
  }

  @Test
  void plainTextFromAnotherProgramIsStored(Vertx vertx) {
    deploy(vertx, config.json());
    awaitPublisherReady();
    amqp.publish(config.queue("ping"), "2024-05-01 12:34:56.789012 - hello from pika".getBytes(StandardCharsets.UTF_8),
        new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("text/plain").build());

    Await.until("the plain-text ping", Duration.ofSeconds(20), () -> allMessages().size() == 2);
    JsonObject stored = allMessages().getJsonObject(1);
    assertThat(stored.getString("date")).isEqualTo("2024-05-01 12:34:56.789012");
    assertThat(stored.getString("msg")).isEqualTo("hello from pika");
    assertThat(stored.getString("id")).isNotBlank();
  }

  @Test
  void anUnreadableMessageIsDeadLetteredAndTheConsumerGoesOn(Vertx vertx) {
    deploy(vertx, config.json());
    awaitPublisherReady();
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, (byte) 0xfd};
    amqp.publish(config.queue("ping"), garbage,
        new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("garbage-1").build());
    amqp.publish(config.queue("ping"), "no separator at all".getBytes(StandardCharsets.UTF_8), null);

    String dlq = config.queue("ping") + ".dlq";
    Await.until("two dead letters", Duration.ofSeconds(20), () -> amqp.messageCount(dlq) == 2);
    List<GetResponse> dead = amqp.drain(dlq);
    assertThat(dead).extracting(r -> r.getProps().getMessageId()).contains("garbage-1");
    assertThat(dead.get(0).getBody()).isEqualTo(garbage);

    String id = publish("after the garbage").getString("id");
    Await.until("the next ping", Duration.ofSeconds(20), () -> allMessages().size() == 2);
    assertThat(allMessages().getJsonObject(1).getString("id")).isEqualTo(id);
    assertThat(amqp.messageCount(config.queue("ping"))).isZero();
  }

  @Test
  void badInputIsRefusedNamingTheProblem(Vertx vertx) {
    deploy(vertx, config.json().put("ping", new JsonObject().put("roles", new JsonArray().add("ping"))));
    awaitPublisherReady();
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("msg", ""),
        new JsonObject().put("msg", "   "), new JsonObject().put("msg", 42),
        new JsonObject().put("msg", "x".repeat(1_001)), new JsonObject().put("msg", new JsonArray()))) {
      Throwable failure = Await.failure(ping.request(PingApi.PUBLISH, bad, null));
      assertThat(failure).isInstanceOf(ServiceFailure.class);
      ServiceFailure f = (ServiceFailure) failure;
      assertThat(f.status()).isEqualTo(400);
      assertThat(f.errors().getJsonObject(0).getString("field")).isEqualTo("msg");
    }
    // nothing bad reached the queue: only the warm-up ping is there
    assertThat(amqp.messageCount(config.queue("ping"))).isEqualTo(1);

    deploy(vertx, config.jsonWithPort(TestConfig.freePort())
        .put("ping", new JsonObject().put("roles", new JsonArray().add("pong"))));
    assertThat(((ServiceFailure) Await.failure(pong.request(PongApi.MESSAGES,
        new JsonObject().put("limit", 0), null))).status()).isEqualTo(400);
    assertThat(((ServiceFailure) Await.failure(pong.request(PongApi.MESSAGES,
        new JsonObject().put("limit", 1001), null))).status()).isEqualTo(400);
    assertThat(((ServiceFailure) Await.failure(pong.request(PongApi.MESSAGES,
        new JsonObject().put("after", "no-such-id"), null))).status()).isEqualTo(404);
    assertThat(((ServiceFailure) Await.failure(pong.request(PongApi.MESSAGES,
        new JsonObject().put("limit", "ten"), null))).status()).isEqualTo(400);
  }

  @Test
  void brokerUnreachableFailsFastWith503AndRecoversByItself(Vertx vertx) {
    URI broker = URI.create(TestServices.rabbitmqUri());
    TcpProxy proxy = new TcpProxy(vertx, broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
    int proxyPort = Await.result(proxy.start());
    String viaProxy = broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxyPort;
    deploy(vertx, config.json().put("rabbitmq", config.json().getJsonObject("rabbitmq").put("uri", viaProxy)));
    awaitPublisherReady();

    proxy.cut();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      Throwable failure = Await.failure(ping.request(PingApi.PUBLISH, new JsonObject().put("msg", "lost?"), null));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(failure).isInstanceOf(ServiceFailure.class);
      assertThat(((ServiceFailure) failure).status()).isEqualTo(503);
      assertThat(millis).as("503 within 2 s").isLessThan(2_000);
    }

    proxy.restore();
    Await.until("pings to succeed again after the broker came back", Duration.ofSeconds(30), () -> {
      try {
        publish("back");
        return true;
      } catch (ServiceFailure e) {
        return false;
      }
    });
    Await.until("the recovered consumer to store it", Duration.ofSeconds(20),
        () -> allMessages().stream().anyMatch(m -> ((JsonObject) m).getString("msg").equals("back")));
    Await.result(proxy.close());
  }

  @Test
  void eachAcceptedPingIsInTheQueueBeforeTheAnswer(Vertx vertx) {
    deploy(vertx, config.json().put("ping", new JsonObject().put("roles", new JsonArray().add("ping"))));
    awaitPublisherReady();
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add(ping.request(PingApi.PUBLISH, new JsonObject().put("msg", "c" + i), null));
    }
    Await.result(Future.all(sent));
    // every confirmed ping is durable in the queue: 200 plus the warm-up
    assertThat(amqp.messageCount(config.queue("ping"))).isEqualTo(201);
  }
}
