package dev.switchboard.shared.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.testing.Await;
import dev.switchboard.shared.testing.LogCapture;
import dev.switchboard.shared.testing.RawAmqp;
import dev.switchboard.shared.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work-queue consumer against a real RabbitMQ: every message ends acked, dead-lettered or requeued —
 * whatever order its processing finishes in and whichever context finishes it — and a channel the broker
 * closes is replaced.
 */
class QueueConsumerIT {
  private final Vertx vertx = Vertx.vertx();
  /** A second Vert.x whose contexts complete some of the handler's futures, as another client's would. */
  private final Vertx elsewhere = Vertx.vertx();
  private final String queue = "it.consumer." + UUID.randomUUID().toString().substring(0, 8);
  private RawAmqp amqp;
  private RabbitConnection rabbit;
  private LogCapture logs;
  private Context consumerContext;

  @BeforeEach
  void setUp() {
    logs = LogCapture.attach();
    amqp = new RawAmqp(TestServices.rabbitmqUri());
    TestServices.deleteQueuesAtExit(List.of(queue));
    rabbit = RabbitConnection.start(vertx, new SwitchboardConfig.RabbitMq(true, TestServices.rabbitmqUri(), 50,
        Duration.ofSeconds(2)), "queue-consumer-it");
  }

  @AfterEach
  void tearDown() {
    Await.result(rabbit.close());
    Await.result(vertx.close());
    Await.result(elsewhere.close());
    amqp.deleteQueue(queue);
    amqp.deleteQueue(queue + ".dlq");
    amqp.close();
    logs.close();
  }

  /** Starts a consumer on an event-loop context of the test's Vert.x and waits until it consumes. */
  private QueueConsumer consume(Function<InboundMessage, Future<QueueConsumer.Disposition>> handler) {
    consumerContext = vertx.getOrCreateContext();
    AtomicReference<QueueConsumer> consumer = new AtomicReference<>();
    consumerContext.runOnContext(v -> consumer.set(QueueConsumer.start(vertx, rabbit, queue, 50, handler)));
    Await.until("the consumer to consume", Duration.ofSeconds(20),
        () -> consumer.get() != null && consumer.get().isConsuming());
    return consumer.get();
  }

  /** Stops the consumer from its own context, as its verticle would. */
  private void stop(QueueConsumer consumer) {
    Promise<Void> stopped = Promise.promise();
    consumerContext.runOnContext(v -> consumer.stop(Duration.ofSeconds(5)).onComplete(stopped));
    Await.result(stopped.future());
  }

  private void publish(String body) {
    amqp.publish(queue, body.getBytes(StandardCharsets.UTF_8), null);
  }

  /** A future completed after {@code ms} on a context of the other Vert.x. */
  private Future<QueueConsumer.Disposition> later(long ms, QueueConsumer.Disposition disposition) {
    Promise<QueueConsumer.Disposition> promise = Promise.promise();
    elsewhere.setTimer(ms, t -> promise.complete(disposition));
    return promise.future();
  }

  @Test
  void everyMessageIsSettledOnceWhateverOrderItsProcessingEndsIn() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      String body = message.body().toString(StandardCharsets.UTF_8);
      seen.merge(body, 1, Integer::sum);
      int n = Integer.parseInt(body.substring(body.indexOf('-') + 1));
      if (body.startsWith("dead")) {
        return Future.succeededFuture(QueueConsumer.Disposition.DEAD_LETTER);
      }
      if (body.startsWith("flaky") && failedOnce.add(body)) {
        return Future.failedFuture(new IllegalStateException("transient"));
      }
      // some finish at once, some later on another Vert.x's context, in no particular order
      return n % 3 == 0 ? Future.succeededFuture(QueueConsumer.Disposition.ACK)
          : later(1 + n % 7 * 5L, QueueConsumer.Disposition.ACK);
    });
    int total = 300;
    int dead = 0;
    int flaky = 0;
    for (int i = 0; i < total; i++) {
      String kind = i % 10 == 4 ? "dead" : i % 10 == 7 ? "flaky" : "ok";
      dead += kind.equals("dead") ? 1 : 0;
      flaky += kind.equals("flaky") ? 1 : 0;
      publish(kind + "-" + i);
    }
    int expectedDeliveries = total + flaky;
    int expectedDead = dead;
    Await.until("every message processed", Duration.ofSeconds(60),
        () -> seen.values().stream().mapToInt(Integer::intValue).sum() >= expectedDeliveries
            && amqp.messageCount(queue + ".dlq") == expectedDead);
    // closing the channel returns whatever it did not settle to the queue: nothing may come back
    stop(consumer);
    assertThat(amqp.drain(queue).stream().map(r -> new String(r.getBody(), StandardCharsets.UTF_8)).toList())
        .as("messages left unacknowledged").isEmpty();
    assertThat(amqp.messageCount(queue + ".dlq")).isEqualTo(dead);
    assertThat(seen).hasSize(total);
    seen.forEach((body, times) -> assertThat(times).as(body).isEqualTo(body.startsWith("flaky") ? 2 : 1));
    assertThat(logs.lines()).noneMatch(line -> line.contains("unknown delivery tag") || line.contains("interrupted"));
  }

  @Test
  void aChannelTheBrokerClosesIsReplacedAndConsumingGoesOn() throws Exception {
    Set<String> done = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      done.add(message.body().toString(StandardCharsets.UTF_8));
      return Future.succeededFuture(QueueConsumer.Disposition.ACK);
    });
    publish("before-1");
    Await.until("the first message", Duration.ofSeconds(20), () -> done.contains("before-1"));

    Channel first = consumer.currentChannel();
    first.basicAck(999_999, false); // a protocol error: the broker closes this channel (406, unknown tag)
    Await.until("the broker to close the channel", Duration.ofSeconds(10), () -> !first.isOpen());
    Await.until("a new channel", Duration.ofSeconds(20),
        () -> consumer.isConsuming() && consumer.currentChannel() != first);
    Channel second = consumer.currentChannel();
    Thread.sleep(1_000); // longer than the reopen delay: one error, one replacement
    assertThat(consumer.currentChannel()).isSameAs(second);

    for (int i = 0; i < 20; i++) {
      publish("after-" + i);
    }
    Await.until("the messages after the error", Duration.ofSeconds(20),
        () -> done.stream().filter(b -> b.startsWith("after-")).count() == 20);
    stop(consumer);
    assertThat(amqp.messageCount(queue)).isZero();
    assertThat(logs.lines()).filteredOn(line -> line.contains("opening a new one")).hasSize(1);
  }
}
