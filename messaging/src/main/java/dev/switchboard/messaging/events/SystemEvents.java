package dev.switchboard.messaging.events;

import dev.switchboard.messaging.rabbit.Broadcast;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.platform.launch.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the system tells its watchers (the gateway's live console): a ping stored, an intake request
 * queued, stored or rejected, each process's readiness every second, each gateway's traffic. Each event is
 * a small JSON object {@code {"id", "type", "node", "at", …}} that carries no personal data (no CPF, e-mail,
 * phone, password or token).
 *
 * <p>Events go out on every channel the process shares with the others, like the cache's invalidations:
 * the event bus (this process, and the others when clustered) and, when RabbitMQ is enabled, the fanout
 * exchange {@code console.exchange} — transient, best effort, nothing kept for a watcher that is not there. A
 * watcher may hear an event on both: {@link #listen} hands each id over once.
 */
public final class SystemEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SystemEvents.class);
  public static final String ADDRESS = "switchboard.events";
  private static final long HEARTBEAT_MS = 1_000;

  private final Vertx vertx;
  private final Broadcast broadcast;
  private final String exchange;
  private final String node;
  private volatile boolean brokerWarned;

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
    infrastructure.onClose(() -> {
      vertx.cancelTimer(timer);
      return events.broadcast == null ? Future.succeededFuture() : events.broadcast.close();
    });
    return events;
  }

  /** This process, as events name it: its JVM's name and a random suffix. */
  public String node() {
    return node;
  }

  /** Tells every watcher; never fails the caller (an event lost costs a line on a screen, nothing more). */
  public void publish(String type, JsonObject data) {
    JsonObject event = data.copy().put("id", UUID.randomUUID().toString()).put("type", type).put("node", node)
        .put("at", Instant.now().toString());
    vertx.eventBus().publish(ADDRESS, event);
    if (broadcast != null) {
      broadcast.publish(event.toBuffer()).onComplete(ar -> {
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
    Consumer<JsonObject> once = event -> {
      String id = event.getString("id");
      if (id != null && seen.put(id, Boolean.TRUE) == null) {
        handler.accept(event);
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
