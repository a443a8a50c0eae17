package dev.switchboard.messaging.events;

import dev.switchboard.messaging.rabbit.Broadcast;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.platform.launch.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the system tells its watchers (the gateway's live console): a ping stored, an intake request
 * queued, stored or rejected, each process's readiness every second, each gateway's traffic. Each event is
 * a small JSON object {@code {"type", "node", "at", …}} that carries no personal data (no CPF, e-mail,
 * phone, password or token).
 *
 * <p>Events go out on every channel the process shares with the others, like the cache's invalidations:
 * the event bus (this process, and the others when clustered) and, when RabbitMQ is enabled, the fanout
 * exchange {@code console.exchange} — transient, best effort, nothing kept for a watcher that is not there. A
 * watcher may hear an event on both: {@link #listen} hands each id over once.
 *
 * <p>Events leave in batches, one message every {@value #FLUSH_MS} ms at most, holding at most
 * {@value #KEEP_PER_TYPE} events of each type (the newest; {@value #KEEP_INTAKE} of intake changes): under load the console shows a sample, and the
 * broker carries a handful of messages a second per process instead of one per ping.
 */
public final class SystemEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SystemEvents.class);
  public static final String ADDRESS = "switchboard.events";
  private static final long HEARTBEAT_MS = 1_000;
  static final long FLUSH_MS = 100;
  static final int KEEP_PER_TYPE = 25;
  /** Intake events are kept far more: a status change dropped would leave a request QUEUED on the screen. */
  static final int KEEP_INTAKE = 1_000;

  private final Vertx vertx;
  private final Broadcast broadcast;
  private final String exchange;
  private final String node;
  private volatile boolean brokerWarned;
  private final Map<String, ArrayDeque<JsonObject>> pending = new LinkedHashMap<>();
  private long dropped;

  private SystemEvents(Vertx vertx, Broadcast broadcast, String exchange) {
    this.vertx = vertx;
    this.broadcast = broadcast;
    this.exchange = exchange;
    this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The process's events: over the event bus, and RabbitMQ's fanout exchange {@code console.exchange} when
   * {@code broker} is not null; publishes the
   * process's readiness (each of its health checks, UP or DOWN) every second until the process closes.
   */
  public static SystemEvents open(Infrastructure infrastructure, Broker broker) {
    Vertx vertx = infrastructure.vertx();
    String exchange = infrastructure.config().section("console").string("exchange");
    SystemEvents events = new SystemEvents(vertx, broker == null ? null : Broadcast.start(vertx, broker, exchange),
        exchange);
    long timer = vertx.setPeriodic(HEARTBEAT_MS, t -> infrastructure.health().states()
        .onSuccess(states -> events.publish("health", new JsonObject().put("checks", states))));
    long flusher = vertx.setPeriodic(FLUSH_MS, t -> events.flush());
    infrastructure.onClose(() -> {
      vertx.cancelTimer(timer);
      vertx.cancelTimer(flusher);
      return events.broadcast == null ? Future.succeededFuture() : events.broadcast.close();
    });
    return events;
  }

  /** Events over this Vert.x's event bus only, flushed by the caller (for tests). */
  static SystemEvents local(Vertx vertx) {
    return new SystemEvents(vertx, null, null);
  }

  /** This process, as events name it: its JVM's name and a random suffix. */
  public String node() {
    return node;
  }

  /**
   * Tells every watcher, with the next batch; never fails the caller (an event lost costs a line on a
   * screen, nothing more). Safe from any thread.
   */
  public void publish(String type, JsonObject data) {
    JsonObject event = data.copy().put("type", type).put("node", node).put("at", Instant.now().toString());
    synchronized (pending) {
      ArrayDeque<JsonObject> ofType = pending.computeIfAbsent(type, t -> new ArrayDeque<>());
      if (ofType.size() >= ("intake".equals(type) ? KEEP_INTAKE : KEEP_PER_TYPE)) {
        ofType.removeFirst();
        dropped++;
      }
      ofType.addLast(event);
    }
  }

  /** Sends what is pending as one batch {@code {"id", "type": "batch", "events": […], "dropped"}}. */
  void flush() {
    JsonArray batch = new JsonArray();
    long lost;
    synchronized (pending) {
      pending.values().forEach(events -> events.forEach(batch::add));
      pending.clear();
      lost = dropped;
      dropped = 0;
    }
    if (batch.isEmpty()) {
      return;
    }
    JsonObject message = new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "batch")
        .put("node", node).put("events", batch).put("dropped", lost);
    vertx.eventBus().publish(ADDRESS, message);
    if (broadcast != null) {
      broadcast.publish(message.toBuffer()).onComplete(ar -> {
        if (ar.failed() && !brokerWarned) {
          brokerWarned = true;
          LOG.info("System events go over the event bus only while RabbitMQ is away ({})", ar.cause().getMessage());
        } else if (ar.succeeded()) {
          brokerWarned = false;
        }
      });
    }
  }

  /**
   * Hands every event to {@code handler} once, from whichever channel brings it first; call from the
   * verticle that watches (the handler runs on its context); close what it answers when that verticle stops.
   */
  public Listening listen(Vertx owner, Consumer<JsonObject> handler) {
    Map<String, Boolean> seen = new LinkedHashMap<>(512, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > 4_096;
      }
    };
    Consumer<JsonObject> once = message -> {
      String id = message.getString("id");
      if (id != null && seen.put(id, Boolean.TRUE) == null && message.getValue("events") instanceof JsonArray events) {
        for (Object event : events) {
          if (event instanceof JsonObject e) {
            handler.accept(e);
          }
        }
      }
    };
    MessageConsumer<JsonObject> consumer = owner.eventBus().consumer(ADDRESS, m -> once.accept(m.body()));
    Broadcast subscription = broadcast == null ? null : Broadcast.start(owner, broadcast.broker(), exchange);
    if (subscription != null) {
      subscription.subscribe(body -> {
        try {
          once.accept(new JsonObject(body));
        } catch (RuntimeException e) {
          LOG.debug("An unreadable system event was dropped: {}", e.getMessage());
        }
      });
    }
    return new Listening(consumer, subscription);
  }

  /** A watcher's subscription to the events. */
  public record Listening(MessageConsumer<JsonObject> consumer, Broadcast subscription) {
    /** Completes when the event-bus consumer is registered. */
    public Future<Void> ready() {
      return consumer.completion();
    }

    public Future<Void> close() {
      return Future.join(consumer.unregister(), subscription == null ? Future.succeededFuture() : subscription.close())
          .mapEmpty();
    }
  }
}
