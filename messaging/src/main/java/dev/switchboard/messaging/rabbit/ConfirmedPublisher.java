package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.MessageProperties;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailure;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes persistent messages to durable queues and completes each publish only when the broker
 * confirmed it. Every other outcome fails fast with a 503 {@link ServiceFailure}: no connection, a
 * connection the broker blocks (resource alarm), the connection lost before the confirm, a nack, an
 * unroutable message (published mandatory), or no confirm within the configured timeout. It declares the
 * queues it is given ({@link QueueTopology}). Owned by the verticle that creates it.
 */
public final class ConfirmedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ConfirmedPublisher.class);
  private static final long SWEEP_MS = 100;

  private final Vertx vertx;
  private final Context context;
  private final String queue;
  private final RabbitConnection connection;
  private final long timeoutMs;
  /** Publishes awaiting their confirm, by publish sequence number (written by the worker, read on the loop). */
  private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  /** Message ids the broker returned as unroutable; their confirm then fails them. */
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private final long sweepTimer;
  private final Counter published;
  private final Counter publishFailed;
  private volatile AmqpChannel channel;
  private volatile boolean closed;

  private ConfirmedPublisher(Vertx vertx, RabbitConnection connection, List<QueueSpec> topology,
                             Duration confirmTimeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.queue = topology.get(topology.size() - 1).name();
    this.connection = connection;
    this.timeoutMs = confirmTimeout.toMillis();
    this.sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> expire());
    this.published = QueueMeters.counter(queue, "published");
    this.publishFailed = QueueMeters.counter(queue, "publish_failed");
    ChannelSetup.keepOpen(vertx, context, connection, "publisher to queue " + queue, () -> closed, raw -> {
      connection.topology().ensure(raw.getConnection(), topology);
      raw.confirmSelect();
      raw.addConfirmListener(confirmListener());
      raw.addReturnListener(r -> {
        if (r.getProperties().getMessageId() != null) {
          returned.add(r.getProperties().getMessageId());
        }
      });
      // pending publishes belong to the current channel: a notice about an older one (the client repeats
      // it when a closed channel is aborted) must not fail the publishes of its replacement
      raw.addShutdownListener(cause -> context.runOnContext(v -> {
        AmqpChannel current = channel;
        if (current == null || current.raw() == raw) {
          failAll("The connection to the message broker was lost");
        }
      }));
      return null;
    }, ch -> {
      channel = ch;
      LOG.info("Publishing to queue {} with publisher confirms", queue);
      if (closed) {
        ch.close();
      }
    });
  }

  /** Creates a publisher to the work queue {@code queue} (and its companions); call from the owning context. */
  public static ConfirmedPublisher create(Vertx vertx, RabbitConnection connection, String queue, Duration confirmTimeout) {
    return new ConfirmedPublisher(vertx, connection, QueueSpec.workTopology(queue), confirmTimeout);
  }

  /** Creates a publisher to the queues of {@code topology} (the last is its default); call from the owning context. */
  public static ConfirmedPublisher create(Vertx vertx, RabbitConnection connection, List<QueueSpec> topology,
                                          Duration confirmTimeout) {
    return new ConfirmedPublisher(vertx, connection, topology, confirmTimeout);
  }

  public String queue() {
    return queue;
  }

  /** The client channel publishes currently go to (for tests that make the broker close it). */
  com.rabbitmq.client.Channel currentChannel() {
    AmqpChannel ch = channel;
    return ch == null ? null : ch.raw();
  }

  /** True when a publish now has a chance: the channel is set up and open, and the broker does not block it. */
  public boolean isReady() {
    AmqpChannel ch = channel;
    return !closed && ch != null && ch.isOpen() && connection.blocked() == null;
  }

  /** Publishes a persistent, mandatory message to the default queue; completes when the broker confirmed it. */
  public Future<Void> publish(OutboundMessage message) {
    return publish(queue, message);
  }

  /** Publishes a persistent, mandatory message to {@code target}; completes when the broker confirmed it. */
  public Future<Void> publish(String target, OutboundMessage message) {
    AmqpChannel ch = channel;
    if (closed || ch == null || !ch.isOpen()) {
      publishFailed.increment();
      return Future.failedFuture(ServiceFailure.unavailable("The message broker is not reachable"));
    }
    String blockedBy = connection.blocked();
    if (blockedBy != null) {
      publishFailed.increment();
      return Future.failedFuture(ServiceFailure.unavailable("The message broker refuses messages now ("
          + blockedBy + ")"));
    }
    Promise<Void> promise = RequestContext.promise();
    promise.future().onComplete(ar -> (ar.succeeded() ? published : publishFailed).increment());
    AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC.builder()
        .messageId(message.messageId())
        .contentType(message.contentType())
        .timestamp(new java.util.Date())
        .headers(message.headers() == null ? null : Map.copyOf(message.headers()))
        .expiration(message.expirationMs() == null ? null : Long.toString(message.expirationMs()))
        .build();
    byte[] body = message.body().getBytes();
    long deadline = System.currentTimeMillis() + timeoutMs;
    ch.now(raw -> {
      long seq = raw.getNextPublishSeqNo();
      pending.put(seq, new Pending(message.messageId(), promise, deadline));
      try {
        raw.basicPublish("", target, true, props, body);
      } catch (Exception e) {
        pending.remove(seq);
        throw e;
      }
      return null;
    }).onFailure(e -> {
      LOG.warn("Publish to {} failed: {}", target, e.getMessage());
      promise.tryFail(ServiceFailure.unavailable("The message broker is not reachable"));
    });
    return promise.future();
  }

  private ConfirmListener confirmListener() {
    return new ConfirmListener() {
      @Override
      public void handleAck(long tag, boolean multiple) {
        context.runOnContext(v -> confirmed(tag, multiple, true));
      }

      @Override
      public void handleNack(long tag, boolean multiple) {
        context.runOnContext(v -> confirmed(tag, multiple, false));
      }
    };
  }

  private void confirmed(long tag, boolean multiple, boolean ack) {
    Map<Long, Pending> done = multiple ? pending.headMap(tag, true) : single(tag);
    for (Pending p : done.values()) {
      if (!ack) {
        p.promise.tryFail(ServiceFailure.unavailable("The message broker refused the message"));
      } else if (p.messageId != null && returned.remove(p.messageId)) {
        p.promise.tryFail(ServiceFailure.unavailable("The message broker could not route the message to its queue"));
      } else {
        p.promise.tryComplete();
      }
    }
    done.clear();
  }

  private Map<Long, Pending> single(long tag) {
    Pending p = pending.get(tag);
    ConcurrentSkipListMap<Long, Pending> one = new ConcurrentSkipListMap<>();
    if (p != null) {
      pending.remove(tag);
      one.put(tag, p);
    }
    return one;
  }

  /** Fails publishes whose confirm is overdue; sequence order is deadline order, so the scan stops early. */
  private void expire() {
    long now = System.currentTimeMillis();
    Map.Entry<Long, Pending> head;
    while ((head = pending.firstEntry()) != null && head.getValue().deadline <= now) {
      if (pending.remove(head.getKey()) != null) {
        head.getValue().promise.tryFail(ServiceFailure.unavailable(
            "The message broker did not confirm the message within " + timeoutMs + " ms"));
      }
    }
  }

  private void failAll(String reason) {
    for (Long seq : pending.keySet()) {
      Pending p = pending.remove(seq);
      if (p != null) {
        p.promise.tryFail(ServiceFailure.unavailable(reason));
      }
    }
    returned.clear();
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(sweepTimer);
    failAll("The publisher is shutting down");
    AmqpChannel ch = channel;
    return ch == null ? Future.succeededFuture() : ch.close();
  }

  private record Pending(String messageId, Promise<Void> promise, long deadline) {
  }
}
