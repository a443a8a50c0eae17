package dev.switchboard.messaging.rabbit;

import dev.switchboard.messaging.queue.Outcome;
import dev.switchboard.messaging.queue.WorkMessage;
import dev.switchboard.messaging.queue.WorkQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link WorkQueue} on RabbitMQ: a durable queue with its retry and dead-letter companions
 * ({@link QueueSpec#workTopology}); persistent messages published with confirms on the process's publishing
 * connection, consumed with manual acks on its consuming connection ({@link QueueConsumer}).
 */
public final class RabbitWorkQueue implements WorkQueue {
  private final Vertx vertx;
  private final Broker broker;
  private final String queue;
  private final QueueConsumer.Settings settings;
  private final Supplier<Future<Void>> probe;
  private final ConfirmedPublisher publisher;

  private RabbitWorkQueue(Vertx vertx, Broker broker, String queue, QueueConsumer.Settings settings,
                          Duration confirmTimeout, Supplier<Future<Void>> probe) {
    this.vertx = vertx;
    this.broker = broker;
    this.queue = queue;
    this.settings = settings;
    this.probe = probe;
    this.publisher = ConfirmedPublisher.create(vertx, broker.publishing(), QueueSpec.workTopology(queue),
        confirmTimeout);
  }

  /** Opens the queue for the calling verticle, on its context. */
  public static RabbitWorkQueue open(Vertx vertx, Broker broker, String queue, QueueConsumer.Settings settings,
                                     Duration confirmTimeout, Supplier<Future<Void>> probe) {
    return new RabbitWorkQueue(vertx, broker, queue, settings, confirmTimeout, probe);
  }

  @Override
  public String name() {
    return queue;
  }

  @Override
  public Future<Void> publish(String id, Buffer body, Map<String, String> headers) {
    Map<String, Object> amqpHeaders = headers == null || headers.isEmpty() ? null : new HashMap<>(headers);
    return publisher.publish(new OutboundMessage(id, "application/json", body, amqpHeaders));
  }

  @Override
  public boolean canPublish() {
    return publisher.isReady();
  }

  @Override
  public Consumer consume(Function<WorkMessage, Future<Outcome>> handler) {
    QueueConsumer consumer = QueueConsumer.start(vertx, broker, QueueSpec.workTopology(queue), settings,
        message -> handler.apply(new WorkMessage(message.messageId(), message.body(), message.headers(),
            message.attempts())), probe);
    return new Consumer() {
      @Override
      public boolean consuming() {
        return consumer.isConsuming();
      }

      @Override
      public Future<Void> stop(Duration grace) {
        return consumer.stop(grace);
      }
    };
  }

  @Override
  public Future<Void> close() {
    return publisher.close();
  }
}
