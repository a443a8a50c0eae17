package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.switchboard.shared.bus.RequestContext;
import dev.switchboard.shared.contract.Headers;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
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
  private volatile Session session;
  private volatile boolean stopping;
  private int inFlight;
  private long deadLettered;
  private Promise<Void> drained;
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
    Session[] opening = new Session[1];
    ChannelSetup.keepOpen(vertx, context, connection, "consumer of queue " + queue, () -> stopping, raw -> {
      QueueTopology.declare(raw, queue);
      raw.basicQos(prefetch);
      Session next = new Session(raw);
      opening[0] = next;
      next.consumerTag = raw.basicConsume(queue, false, new Deliveries(raw, next));
      return null;
    }, ch -> {
      Session next = opening[0];
      next.channel = ch;
      session = next;
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
    Session current = session;
    return !stopping && current != null && current.raw.isOpen();
  }

  /** The client channel deliveries currently come on (for tests that make the broker close it). */
  com.rabbitmq.client.Channel currentChannel() {
    Session current = session;
    return current == null ? null : current.raw;
  }

  /** Messages rejected to the dead-letter queue since start. */
  public long deadLettered() {
    return deadLettered;
  }

  /**
   * One channel's deliveries: delivery tags only mean something on the channel that made them, so each
   * channel the consumer opens keeps its own books. Confined to the consumer's context.
   */
  private static final class Session {
    /** Acks and nacks go straight to the client channel from the consumer's event loop (NIO: no waiting). */
    final com.rabbitmq.client.Channel raw;
    /** The same channel for calls that wait (cancel, close); set once the set-up finished. */
    volatile AmqpChannel channel;
    volatile String consumerTag;
    /** Deliveries in hand: being processed, or waiting to be requeued. */
    final TreeSet<Long> outstanding = new TreeSet<>();
    /** Processed deliveries whose ack is not sent yet. */
    final TreeSet<Long> toAck = new TreeSet<>();
    boolean ackScheduled;

    Session(com.rabbitmq.client.Channel raw) {
      this.raw = raw;
    }
  }

  private final class Deliveries extends DefaultConsumer {
    private final Session owner;

    Deliveries(com.rabbitmq.client.Channel raw, Session owner) {
      super(raw);
      this.owner = owner;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      InboundMessage message = new InboundMessage(Buffer.buffer(body), props.getMessageId(), props.getContentType(),
          props.getType(), props.getCorrelationId(), props.getReplyTo(), headers(props), envelope.isRedeliver());
      long deliveryTag = envelope.getDeliveryTag();
      RequestContext.runWith(context, message.header(Headers.REQUEST_ID), () -> process(owner, message, deliveryTag));
    }

    @Override
    public void handleCancel(String tag) {
      LOG.warn("The broker cancelled the consumer of queue {} (queue deleted?)", queue);
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
      if (!sig.isInitiatedByApplication()) {
        LOG.warn("Consumer of queue {} interrupted: {}; the messages in hand go back to the queue", queue,
            sig.getMessage());
      }
    }
  }

  private void process(Session owner, InboundMessage message, long deliveryTag) {
    inFlight++;
    owner.outstanding.add(deliveryTag);
    Future<Disposition> outcome;
    try {
      outcome = handler.apply(message);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    // the handler's future may complete on another context: settle on ours, where the books are kept
    outcome.onComplete(ar -> {
      if (AmqpChannel.onEventLoopOf(context)) {
        settle(owner, message, deliveryTag, ar);
      } else {
        context.runOnContext(v -> settle(owner, message, deliveryTag, ar));
      }
    });
  }

  private void settle(Session owner, InboundMessage message, long deliveryTag, AsyncResult<Disposition> ar) {
    if (ar.succeeded() && ar.result() == Disposition.ACK) {
      acked.increment();
      owner.outstanding.remove(deliveryTag);
      owner.toAck.add(deliveryTag);
      finished();
      scheduleAcks(owner);
    } else if (ar.succeeded()) {
      deadLettered++;
      deadLetteredCounter.increment();
      LOG.warn("Message {} on queue {} cannot be processed; dead-lettered to {}", message.messageId(), queue,
          QueueTopology.deadLetterQueue(queue));
      send(owner, deliveryTag, raw -> raw.basicNack(deliveryTag, false, false));
      owner.outstanding.remove(deliveryTag);
      finished();
      scheduleAcks(owner);
    } else {
      LOG.warn("Message {} on queue {} failed ({}); requeued in {} ms", message.messageId(), queue,
          ar.cause().getMessage(), RETRY_DELAY_MS);
      nacked.increment();
      vertx.setTimer(RETRY_DELAY_MS, t -> {
        send(owner, deliveryTag, raw -> raw.basicNack(deliveryTag, false, true));
        owner.outstanding.remove(deliveryTag);
        finished();
        scheduleAcks(owner);
      });
    }
  }

  /**
   * Acks are coalesced: once per event-loop turn, one {@code basic.ack} with {@code multiple} names the
   * newest processed delivery older than every delivery still in hand. It covers the processed ones before
   * it (and, harmlessly, those already rejected); a delivery in hand is never covered.
   */
  private void scheduleAcks(Session owner) {
    if (!owner.ackScheduled && !owner.toAck.isEmpty()) {
      owner.ackScheduled = true;
      context.runOnContext(v -> flushAcks(owner));
    }
  }

  private void flushAcks(Session owner) {
    owner.ackScheduled = false;
    if (owner.toAck.isEmpty()) {
      return;
    }
    Long upTo = owner.outstanding.isEmpty() ? owner.toAck.last() : owner.toAck.lower(owner.outstanding.first());
    if (upTo != null) {
      owner.toAck.headSet(upTo, true).clear();
      send(owner, upTo, raw -> raw.basicAck(upTo, true));
    }
  }

  /**
   * Sends an ack or a nack, on the consumer's event loop, on the channel that made the delivery if it is
   * still open; when it closed, the broker requeued every delivery it had not been told about.
   */
  private void send(Session owner, long deliveryTag, Settlement settlement) {
    if (!owner.raw.isOpen()) {
      LOG.debug("Channel of delivery {} on queue {} is closed; the broker redelivers it", deliveryTag, queue);
      return;
    }
    try {
      settlement.send(owner.raw);
    } catch (Exception e) {
      LOG.warn("Could not settle delivery {} on queue {}: {}", deliveryTag, queue, e.getMessage());
    }
  }

  private interface Settlement {
    void send(com.rabbitmq.client.Channel raw) throws Exception;
  }

  private void finished() {
    inFlight--;
    if (inFlight == 0 && drained != null) {
      // stopping: the channel closes next, so the acks go out now
      Session current = session;
      if (current != null && !current.toAck.isEmpty()) {
        flushAcks(current);
      }
      drained.tryComplete();
    }
  }

  /**
   * Stops taking messages, lets those in hand finish (at most {@code grace}), then closes the channel so
   * the broker requeues whatever is still unacknowledged.
   */
  public Future<Void> stop(Duration grace) {
    stopping = true;
    Session current = session;
    if (current == null) {
      return Future.succeededFuture();
    }
    AmqpChannel ch = current.channel;
    String tag = current.consumerTag;
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
