package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.switchboard.shared.bus.RequestContext;
import dev.switchboard.shared.contract.Headers;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one durable queue with manual acknowledgements and a bounded prefetch. Each message is handed
 * to the handler on the owning verticle's context, and acknowledged only when the handler's future says
 * its effect is done:
 * <ul>
 *   <li>{@link Disposition#ACK}: done, acked;</li>
 *   <li>{@link Disposition#DEAD_LETTER}: can never be processed (unreadable), rejected without requeue so the
 *       broker moves it to {@code <queue>.dlq};</li>
 *   <li>a failed future: a transient failure, requeued after a pause so it is retried, never dropped.</li>
 * </ul>
 */
public final class QueueConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final long RETRY_DELAY_MS = 1_000;

  public enum Disposition { ACK, DEAD_LETTER }

  private final Vertx vertx;
  private final Context context;
  private final String queue;
  private final int prefetch;
  private final Function<InboundMessage, Future<Disposition>> handler;
  private volatile AmqpChannel channel;
  private volatile String consumerTag;
  private volatile boolean stopping;
  private int inFlight;
  private long deadLettered;
  private Promise<Void> drained;
  /** Deliveries in hand (not yet acked or rejected), by tag; confined to the event loop. */
  private final TreeSet<Long> outstanding = new TreeSet<>();
  private long completed;
  private long lastAck;
  private boolean ackScheduled;
  private final Counter acked;
  private final Counter nacked;
  private final Counter deadLetteredCounter;

  private QueueConsumer(Vertx vertx, RabbitConnection connection, String queue, int prefetch,
                        Function<InboundMessage, Future<Disposition>> handler) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
    this.acked = QueueMeters.counter(queue, "acked");
    this.nacked = QueueMeters.counter(queue, "nacked");
    this.deadLetteredCounter = QueueMeters.counter(queue, "dead_lettered");
    ChannelSetup.open(vertx, context, connection, "consumer of queue " + queue, () -> stopping, raw -> {
      QueueTopology.declare(raw, queue);
      raw.basicQos(prefetch);
      consumerTag = raw.basicConsume(queue, false, new Deliveries(raw));
      return null;
    }).onSuccess(ch -> {
      channel = ch;
      LOG.info("Consuming queue {} (prefetch {})", queue, prefetch);
      if (stopping) {
        ch.close();
      }
    });
  }

  /** Starts consuming once the broker is reachable; call from the owning verticle's context. */
  public static QueueConsumer start(Vertx vertx, RabbitConnection connection, String queue, int prefetch,
                                    Function<InboundMessage, Future<Disposition>> handler) {
    return new QueueConsumer(vertx, connection, queue, prefetch, handler);
  }

  public String queue() {
    return queue;
  }

  public boolean isConsuming() {
    AmqpChannel ch = channel;
    return !stopping && ch != null && ch.isOpen();
  }

  /** Messages rejected to the dead-letter queue since start. */
  public long deadLettered() {
    return deadLettered;
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(com.rabbitmq.client.Channel raw) {
      super(raw);
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      InboundMessage message = new InboundMessage(Buffer.buffer(body), props.getMessageId(), props.getContentType(),
          props.getType(), props.getCorrelationId(), props.getReplyTo(), headers(props), envelope.isRedeliver());
      long deliveryTag = envelope.getDeliveryTag();
      RequestContext.runWith(context, message.header(Headers.REQUEST_ID), () -> process(message, deliveryTag));
    }

    @Override
    public void handleCancel(String tag) {
      LOG.warn("The broker cancelled the consumer of queue {} (queue deleted?)", queue);
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
      if (!sig.isInitiatedByApplication()) {
        LOG.warn("Consumer of queue {} interrupted: {}; the client recovers it", queue, sig.getMessage());
      }
    }
  }

  private void process(InboundMessage message, long deliveryTag) {
    inFlight++;
    outstanding.add(deliveryTag);
    Future<Disposition> outcome;
    try {
      outcome = handler.apply(message);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(ar -> {
      AmqpChannel ch = channel;
      if (ar.succeeded() && ar.result() == Disposition.ACK) {
        acked.increment();
        settled(ch, deliveryTag);
      } else if (ar.succeeded()) {
        deadLettered++;
        deadLetteredCounter.increment();
        LOG.warn("Message {} on queue {} cannot be processed; dead-lettered to {}", message.messageId(), queue,
            QueueTopology.deadLetterQueue(queue));
        ch.now(raw -> {
          raw.basicNack(deliveryTag, false, false);
          return null;
        }).onComplete(done -> {
          outstanding.remove(deliveryTag);
          finished();
        });
      } else {
        LOG.warn("Message {} on queue {} failed ({}); requeued in {} ms", message.messageId(), queue,
            ar.cause().getMessage(), RETRY_DELAY_MS);
        nacked.increment();
        vertx.setTimer(RETRY_DELAY_MS, t -> ch.now(raw -> {
          raw.basicNack(deliveryTag, false, true);
          return null;
        }).onComplete(done -> {
          outstanding.remove(deliveryTag);
          finished();
        }));
      }
    });
  }

  /**
   * Acknowledges a processed message. Acks are coalesced: once per event-loop turn, one {@code basic.ack}
   * with {@code multiple} covers every message up to the oldest one still in hand (a message still being
   * processed, or waiting to be requeued, is never covered).
   */
  private void settled(AmqpChannel ch, long deliveryTag) {
    outstanding.remove(deliveryTag);
    completed = Math.max(completed, deliveryTag);
    finished();
    if (!ackScheduled) {
      ackScheduled = true;
      context.runOnContext(v -> flushAcks(ch));
    }
  }

  private void flushAcks(AmqpChannel ch) {
    ackScheduled = false;
    long upTo = outstanding.isEmpty() ? completed : Math.min(completed, outstanding.first() - 1);
    if (upTo > lastAck) {
      lastAck = upTo;
      ch.now(raw -> {
        raw.basicAck(upTo, true);
        return null;
      });
    }
  }

  private void finished() {
    inFlight--;
    if (inFlight == 0 && drained != null) {
      drained.tryComplete();
    }
  }

  /**
   * Stops taking messages, lets those in hand finish (at most {@code grace}), then closes the channel so
   * the broker requeues whatever is still unacknowledged.
   */
  public Future<Void> stop(Duration grace) {
    stopping = true;
    AmqpChannel ch = channel;
    if (ch == null) {
      return Future.succeededFuture();
    }
    String tag = consumerTag;
    drained = Promise.promise();
    if (inFlight == 0) {
      drained.tryComplete();
    }
    long timer = vertx.setTimer(Math.max(1, grace.toMillis()), t -> {
      if (inFlight > 0) {
        LOG.warn("{} message(s) of queue {} still in hand after the grace period; the broker requeues them",
            inFlight, queue);
      }
      drained.tryComplete();
    });
    return ch.call(raw -> {
      if (raw.isOpen() && tag != null) {
        raw.basicCancel(tag);
      }
      return null;
    }).otherwiseEmpty().compose(v -> drained.future()).compose(v -> {
      vertx.cancelTimer(timer);
      return ch.close();
    });
  }

  private static Map<String, String> headers(AMQP.BasicProperties props) {
    Map<String, String> headers = new HashMap<>();
    if (props.getHeaders() != null) {
      props.getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
    }
    return headers;
  }
}
