package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.switchboard.platform.Backoff;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Headers;
import dev.switchboard.messaging.queue.Outcome;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Why one file of this size: a delivery's whole life — taken, handed to the handler under a deadline,
// settled (ack, retry with back-off, dead-letter), counted, and given back on a lost channel or a stop —
// is one state machine over one channel; split, its invariants (each delivery settled exactly once, on the
// channel that delivered it) would span classes that must share its mutable state.
/**
 * Consumes one queue with manual acknowledgements and a bounded prefetch, and settles every delivery by the
 * {@link Outcome} its handler gives, on the owning verticle's context:
 * <ul>
 *   <li>{@code Done}: acknowledged;</li>
 *   <li>{@code Rejected}: published to {@code <queue>.dlq} with headers saying why, when, from which queue
 *       and after how many attempts ({@link #REASON}, {@link #FAILED_AT}, {@link #QUEUE}, {@link #ATTEMPTS}),
 *       then acknowledged;</li>
 *   <li>{@code RetryLater}: published to {@code <queue>.retry} with its back-off as expiration and its
 *       attempt count, then acknowledged — the broker moves it back to the queue when it expires; the
 *       {@code maxAttempts}-th failure is dead-lettered like a rejection;</li>
 *   <li>no outcome within {@code handlerTimeout}: {@code RetryLater}; whatever the handler says later is
 *       ignored.</li>
 * </ul>
 * A message waiting for its retry is not in hand, so it holds nothing back. Acks are coalesced (one
 * {@code basic.ack multiple} per event-loop turn for the processed deliveries older than every delivery in
 * hand), and a delivery in hand for longer than {@link #STRAGGLER_MS} does not hold back the acks of those
 * after it: they are sent one by one. If a settlement cannot be published (broker trouble) the delivery is
 * requeued after a pause, unchanged.
 *
 * <p>After {@link #PAUSE_AFTER} transient failures in a row the consumer stops taking messages (a dependency
 * is down: retrying every message would only spend their attempts) and, after a back-off, checks the
 * {@code probe} — its handler's dependency — before it takes messages again. A consumer the broker cancels
 * (its queue deleted) declares the queue again and subscribes again. Without {@code deadLetters} (the RPC
 * bridge: a call's caller retries by itself) every outcome is acknowledged.
 */
public final class QueueConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  public static final String ATTEMPTS = "x-switchboard-attempts";
  public static final String REASON = "x-switchboard-reason";
  public static final String FAILED_AT = "x-switchboard-failed-at";
  public static final String QUEUE = "x-switchboard-queue";
  static final long STRAGGLER_MS = 200;
  static final int PAUSE_AFTER = 3;
  private static final long SWEEP_MS = 100;
  private static final long REQUEUE_DELAY_MS = 1_000;
  private static final Backoff RESUBSCRIBE = new Backoff(250, 5_000);

  /**
   * How the consumer behaves: messages in hand at most ({@code prefetch}); failures allowed before a
   * message is dead-lettered; the retry back-off; how long a handler may take; whether failures are retried
   * and dead-lettered at all.
   */
  public record Settings(int prefetch, int maxAttempts, Backoff retries, Duration handlerTimeout,
                         boolean deadLetters) {
  }

  private final Vertx vertx;
  private final Context context;
  private final String queue;
  private final List<QueueSpec> topology;
  private final Settings settings;
  private final Function<InboundMessage, Future<Outcome>> handler;
  private final Supplier<Future<Void>> probe;
  private final ConfirmedPublisher settlements;
  private final long sweepTimer;
  private final Counter acked;
  private final Counter retried;
  private final Counter deadLettered;
  private final Counter requeued;
  private final Counter timedOut;
  private volatile Session session;
  private volatile boolean stopping;
  private volatile boolean paused;
  private volatile String pausedBecause;
  private int pauses;
  private int transientInARow;
  private int inFlight;
  private Promise<Void> drained;
  private final QueueTopology declared;

  private QueueConsumer(Vertx vertx, Broker broker, List<QueueSpec> topology, Settings settings,
                        Function<InboundMessage, Future<Outcome>> handler, Supplier<Future<Void>> probe) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.topology = topology;
    this.declared = broker.consuming().topology();
    this.queue = topology.get(topology.size() - 1).name();
    this.settings = settings;
    this.handler = handler;
    this.probe = probe;
    this.acked = QueueMeters.counter(queue, "acked");
    this.retried = QueueMeters.counter(queue, "retried");
    this.deadLettered = QueueMeters.counter(queue, "dead_lettered");
    this.requeued = QueueMeters.counter(queue, "nacked");
    this.timedOut = QueueMeters.counter(queue, "timed_out");
    this.settlements = settings.deadLetters() ? ConfirmedPublisher.create(vertx, broker.publishing(),
        topology.subList(0, topology.size() - 1), Duration.ofSeconds(5)) : null;
    this.sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
    Session[] opening = new Session[1];
    ChannelSetup.keepOpen(vertx, context, broker.consuming(), "consumer of queue " + queue, () -> stopping, raw -> {
      declared.ensure(raw.getConnection(), topology);
      raw.basicQos(settings.prefetch());
      Session next = new Session(raw);
      opening[0] = next;
      if (!paused) {
        next.consumerTag = raw.basicConsume(queue, false, new Deliveries(raw, next));
      }
      return null;
    }, ch -> {
      Session next = opening[0];
      next.channel = ch;
      session = next;
      LOG.info("Consuming queue {} (prefetch {}, at most {} attempts)", queue, settings.prefetch(),
          settings.maxAttempts());
      if (stopping) {
        ch.close();
      }
    });
  }

  /**
   * Starts consuming the last queue of {@code topology} (declaring all of it) once the broker is reachable;
   * call from the owning verticle's context. {@code probe} (may be null) tells whether the handler's
   * dependency answers, after a pause.
   */
  public static QueueConsumer start(Vertx vertx, Broker broker, List<QueueSpec> topology, Settings settings,
                                    Function<InboundMessage, Future<Outcome>> handler, Supplier<Future<Void>> probe) {
    return new QueueConsumer(vertx, broker, topology, settings, handler, probe);
  }

  public String queue() {
    return queue;
  }

  /** Subscribed on an open channel and not paused. */
  public boolean isConsuming() {
    Session current = session;
    return !stopping && !paused && current != null && current.raw.isOpen() && current.consumerTag != null;
  }

  /** For readiness: consuming, or why not. */
  public JsonObject state() {
    JsonObject state = new JsonObject().put("queue", queue).put("consuming", isConsuming());
    if (paused) {
      state.put("paused", pausedBecause);
    }
    return state;
  }

  /** The client channel deliveries currently come on (for tests that make the broker close it). */
  com.rabbitmq.client.Channel currentChannel() {
    Session current = session;
    return current == null ? null : current.raw;
  }

  /** A delivery in hand: since when, and whether it was settled already (by its handler or its deadline). */
  private static final class InHand {
    final long since = System.nanoTime();
    final InboundMessage message;
    boolean settled;

    InHand(InboundMessage message) {
      this.message = message;
    }
  }

  /**
   * One channel's deliveries: delivery tags only mean something on the channel that made them, so each
   * channel the consumer opens keeps its own books. Confined to the consumer's context.
   */
  private static final class Session {
    /** Acks and nacks go straight to the client channel from the consumer's event loop (NIO: no waiting). */
    final com.rabbitmq.client.Channel raw;
    /** The same channel for calls that wait (consume, cancel, close); set once the set-up finished. */
    volatile AmqpChannel channel;
    volatile String consumerTag;
    /** Deliveries in hand, by tag: being processed, or their settlement being published. */
    final TreeMap<Long, InHand> outstanding = new TreeMap<>();
    /** Settled deliveries whose ack is not sent yet. */
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
      Map<String, String> headers = headers(props);
      InboundMessage message = new InboundMessage(Buffer.buffer(body), props.getMessageId(), props.getContentType(),
          props.getType(), props.getCorrelationId(), props.getReplyTo(), headers, attempts(headers));
      long deliveryTag = envelope.getDeliveryTag();
      RequestContext.runWith(context, message.header(Headers.REQUEST_ID), () -> process(owner, message, deliveryTag));
    }

    @Override
    public void handleCancel(String tag) {
      LOG.warn("The broker cancelled the consumer of queue {} (queue deleted?); declaring it and subscribing again",
          queue);
      context.runOnContext(v -> {
        if (owner == session) {
          owner.consumerTag = null;
          resubscribe(owner, 0);
        }
      });
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
    InHand inHand = new InHand(message);
    owner.outstanding.put(deliveryTag, inHand);
    Future<Outcome> outcome;
    try {
      outcome = handler.apply(message);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    // the handler's future may complete on another context: settle on ours, where the books are kept
    outcome.onComplete(ar -> {
      if (AmqpChannel.onEventLoopOf(context)) {
        settle(owner, deliveryTag, inHand, outcome(ar));
      } else {
        context.runOnContext(v -> settle(owner, deliveryTag, inHand, outcome(ar)));
      }
    });
  }

  private static Outcome outcome(AsyncResult<Outcome> ar) {
    if (ar.failed()) {
      return Outcome.of(ar.cause());
    }
    return ar.result() == null ? Outcome.done() : ar.result();
  }

  private void settle(Session owner, long deliveryTag, InHand inHand, Outcome outcome) {
    if (inHand.settled) {
      return;
    }
    inHand.settled = true;
    InboundMessage message = inHand.message;
    if (outcome instanceof Outcome.Done) {
      transientInARow = 0;
      acked.increment();
      done(owner, deliveryTag);
      return;
    }
    if (!settings.deadLetters()) {
      LOG.warn("Message {} on queue {} not processed ({}); dropped, its caller retries", message.messageId(), queue,
          outcome);
      done(owner, deliveryTag);
      return;
    }
    Future<Void> settled;
    if (outcome instanceof Outcome.Rejected rejected) {
      transientInARow = 0;
      settled = deadLetter(message, rejected.reason(), message.attempts() + 1);
    } else {
      String reason = ((Outcome.RetryLater) outcome).reason();
      int attempts = message.attempts() + 1;
      if (attempts >= settings.maxAttempts()) {
        settled = deadLetter(message, "gave up after " + attempts + " attempts: " + reason, attempts);
      } else {
        settled = retry(message, reason, attempts);
      }
      if (++transientInARow >= PAUSE_AFTER) {
        pause(reason);
      }
    }
    settled.onComplete(ar -> {
      if (ar.succeeded()) {
        done(owner, deliveryTag);
      } else {
        LOG.warn("Message {} on queue {} could not be settled ({}); requeued in {} ms", message.messageId(), queue,
            ar.cause().getMessage(), REQUEUE_DELAY_MS);
        requeued.increment();
        vertx.setTimer(REQUEUE_DELAY_MS, t -> {
          send(owner, deliveryTag, raw -> raw.basicNack(deliveryTag, false, true));
          owner.outstanding.remove(deliveryTag);
          finished();
          scheduleAcks(owner);
        });
      }
    });
  }

  private Future<Void> deadLetter(InboundMessage message, String reason, int attempts) {
    LOG.warn("Message {} on queue {} dead-lettered to {} after {} attempt(s): {}", message.messageId(), queue,
        QueueSpec.deadLetterQueue(queue), attempts, reason);
    return settlements.publish(QueueSpec.deadLetterQueue(queue), republished(message, reason, attempts, null))
        .onSuccess(v -> deadLettered.increment());
  }

  private Future<Void> retry(InboundMessage message, String reason, int attempts) {
    long delay = settings.retries().delay(attempts - 1);
    LOG.info("Message {} on queue {} failed ({}); attempt {} of {} in {} ms", message.messageId(), queue, reason,
        attempts + 1, settings.maxAttempts(), delay);
    return settlements.publish(QueueSpec.retryQueue(queue), republished(message, reason, attempts, delay))
        .onSuccess(v -> retried.increment());
  }

  /** The message as it came, with the attempt count and why it is being moved. */
  private OutboundMessage republished(InboundMessage message, String reason, int attempts, Long expiration) {
    Map<String, Object> headers = new HashMap<>(message.headers());
    headers.put(ATTEMPTS, attempts);
    headers.put(REASON, reason.length() > 500 ? reason.substring(0, 500) : reason);
    headers.put(FAILED_AT, Instant.now().toString());
    headers.put(QUEUE, queue);
    return new OutboundMessage(message.messageId(), message.contentType(), message.body(), headers, expiration);
  }

  private void done(Session owner, long deliveryTag) {
    owner.outstanding.remove(deliveryTag);
    owner.toAck.add(deliveryTag);
    finished();
    scheduleAcks(owner);
  }

  /**
   * Acks are coalesced: once per event-loop turn, one {@code basic.ack} with {@code multiple} names the
   * newest settled delivery older than every delivery still in hand. It covers the settled ones before it;
   * a delivery in hand is never covered.
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
    Long upTo = owner.outstanding.isEmpty() ? owner.toAck.last() : owner.toAck.lower(owner.outstanding.firstKey());
    if (upTo != null) {
      owner.toAck.headSet(upTo, true).clear();
      send(owner, upTo, raw -> raw.basicAck(upTo, true));
    }
  }

  /**
   * Every {@link #SWEEP_MS}: a delivery whose handler has not answered within the deadline is retried; and
   * acks held back by a delivery in hand for longer than {@link #STRAGGLER_MS} are sent one by one.
   */
  private void sweep() {
    Session owner = session;
    if (owner == null || owner.outstanding.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    long deadline = settings.handlerTimeout().toNanos();
    List<Map.Entry<Long, InHand>> late = new ArrayList<>();
    for (Map.Entry<Long, InHand> e : owner.outstanding.entrySet()) {
      if (!e.getValue().settled && now - e.getValue().since > deadline) {
        late.add(e);
      }
    }
    for (Map.Entry<Long, InHand> e : late) {
      timedOut.increment();
      settle(owner, e.getKey(), e.getValue(), Outcome.retryLater("no outcome within "
          + settings.handlerTimeout().toMillis() + " ms"));
    }
    if (owner.outstanding.isEmpty() || owner.toAck.isEmpty()
        || now - owner.outstanding.firstEntry().getValue().since < STRAGGLER_MS * 1_000_000) {
      flushAcks(owner);
      return;
    }
    flushAcks(owner);
    for (Long tag : List.copyOf(owner.toAck)) {
      send(owner, tag, raw -> raw.basicAck(tag, false));
    }
    owner.toAck.clear();
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

  /** Stops taking messages for a back-off, then resumes once the probe says the dependency answers. */
  private void pause(String reason) {
    if (paused || stopping) {
      return;
    }
    Session owner = session;
    if (owner == null || owner.channel == null) {
      return;
    }
    paused = true;
    pausedBecause = transientInARow + " transient failures in a row, the last: " + reason;
    long delay = RESUBSCRIBE.delay(pauses++);
    LOG.warn("Consumer of queue {} pauses for {} ms after {} transient failures in a row (the last: {})", queue,
        delay, transientInARow, reason);
    String tag = owner.consumerTag;
    owner.consumerTag = null;
    owner.channel.call(raw -> {
      if (tag != null && raw.isOpen()) {
        raw.basicCancel(tag);
      }
      return null;
    }).onComplete(ar -> vertx.setTimer(delay, t -> tryResume()));
  }

  private void tryResume() {
    if (stopping) {
      return;
    }
    Future<Void> check = probe == null ? Future.succeededFuture() : probe.get();
    check.onComplete(ar -> {
      if (ar.failed()) {
        long delay = RESUBSCRIBE.delay(pauses++);
        LOG.info("Consumer of queue {} stays paused {} ms more: {}", queue, delay, ar.cause().getMessage());
        vertx.setTimer(delay, t -> tryResume());
        return;
      }
      paused = false;
      pausedBecause = null;
      transientInARow = 0;
      Session owner = session;
      if (owner != null) {
        resubscribe(owner, 0);
      }
    });
  }

  /** Declares the queue again (it may have been deleted) and subscribes on the session's channel. */
  private void resubscribe(Session owner, int failures) {
    if (stopping || paused || owner != session || owner.channel == null) {
      return;
    }
    owner.channel.call(raw -> {
      declared.ensure(raw.getConnection(), topology);
      owner.consumerTag = raw.basicConsume(queue, false, new Deliveries(raw, owner));
      return null;
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        pauses = 0;
        LOG.info("Consuming queue {} again", queue);
      } else if (owner.raw.isOpen()) {
        long delay = RESUBSCRIBE.delay(failures);
        LOG.warn("Cannot subscribe to queue {} again ({}); retrying in {} ms", queue, ar.cause().getMessage(), delay);
        vertx.setTimer(delay, t -> resubscribe(owner, failures + 1));
      }
    });
  }

  /**
   * Stops taking messages, lets those in hand finish (at most {@code grace}), then closes the channel so
   * the broker requeues whatever is still unacknowledged.
   */
  public Future<Void> stop(Duration grace) {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    Session current = session;
    if (current == null) {
      return closeSettlements();
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
    }).eventually(this::closeSettlements);
  }

  private Future<Void> closeSettlements() {
    return settlements == null ? Future.succeededFuture() : settlements.close();
  }

  private static Map<String, String> headers(AMQP.BasicProperties props) {
    Map<String, String> headers = new HashMap<>();
    if (props.getHeaders() != null) {
      props.getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
    }
    return headers;
  }

  private static int attempts(Map<String, String> headers) {
    String attempts = headers.get(ATTEMPTS);
    if (attempts == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(attempts.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
