package dev.switchboard.messaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The confirmed publisher against a real RabbitMQ: a channel the broker closes is replaced. */
class ConfirmedPublisherIT {
  private final Vertx vertx = Vertx.vertx();
  private final String queue = "it.publisher." + UUID.randomUUID().toString().substring(0, 8);
  private RawAmqp amqp;
  private RabbitConnection rabbit;
  private Context context;
  private ConfirmedPublisher publisher;

  @BeforeEach
  void setUp() {
    amqp = new RawAmqp(TestServices.rabbitmqUri());
    TestServices.deleteQueuesAtExit(List.of(queue));
    rabbit = RabbitConnection.start(vertx, new SwitchboardConfig.RabbitMq(true, TestServices.rabbitmqUri(), 50,
        Duration.ofSeconds(2)), "confirmed-publisher-it");
    context = vertx.getOrCreateContext();
    AtomicReference<ConfirmedPublisher> created = new AtomicReference<>();
    context.runOnContext(v -> created.set(ConfirmedPublisher.create(vertx, rabbit, queue, Duration.ofSeconds(2))));
    Await.until("the publisher ready", Duration.ofSeconds(20), () -> created.get() != null && created.get().isReady());
    publisher = created.get();
  }

  @AfterEach
  void tearDown() {
    Await.result(rabbit.close());
    Await.result(vertx.close());
    amqp.deleteQueue(queue);
    amqp.deleteQueue(queue + ".dlq");
    amqp.deleteQueue(queue + ".retry");
    amqp.close();
  }

  /** Publishes from the publisher's context, as its verticle does, and waits for the confirm. */
  private boolean publish(String id) {
    Promise<Void> confirmed = Promise.promise();
    context.runOnContext(v -> publisher.publish(OutboundMessage.json(id, Buffer.buffer("{}"), null)).onComplete(confirmed));
    Future<Void> future = confirmed.future();
    Await.until("the publish settled", Duration.ofSeconds(10), future::isComplete);
    return future.succeeded();
  }

  @Test
  void aChannelTheBrokerClosesIsReplaced() throws Exception {
    assertThat(publish("before")).isTrue();
    Channel first = publisher.currentChannel();
    first.basicAck(999_999, false); // a protocol error: the broker closes this channel
    Await.until("the broker to close the channel", Duration.ofSeconds(10), () -> !first.isOpen());
    Await.until("a new channel", Duration.ofSeconds(20),
        () -> publisher.isReady() && publisher.currentChannel() != first);
    Channel second = publisher.currentChannel();
    Thread.sleep(1_000); // longer than the reopen delay: one error, one replacement
    assertThat(publisher.currentChannel()).isSameAs(second);
    assertThat(publish("after")).isTrue();
    assertThat(amqp.messageCount(queue)).isEqualTo(2);
  }
}
