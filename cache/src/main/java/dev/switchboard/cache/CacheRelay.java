package dev.switchboard.cache;

import dev.switchboard.messaging.rabbit.Broadcast;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every gateway which cached resources a write changed, over each channel the process shares with
 * them: the event bus (its own process, and the others when clustered) and, when RabbitMQ is enabled, a
 * fanout exchange. The in-process cache relies on it for every invalidation; the Redis cache only when the
 * writer could not reach Redis itself — the gateways that hear it apply it to Redis, so a write whose own
 * invalidation failed is not served stale by anyone for longer than the relay takes.
 */
public final class CacheRelay {
  private static final Logger LOG = LoggerFactory.getLogger(CacheRelay.class);
  /** Event-bus address of the invalidation notices: a JSON array of resources. */
  public static final String ADDRESS = "switchboard.cache.invalidate";

  private final Vertx vertx;
  private final Broadcast broadcast;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  /** @param broadcast the RabbitMQ fanout, or null without RabbitMQ */
  public CacheRelay(Vertx vertx, Broadcast broadcast) {
    this.vertx = vertx;
    this.broadcast = broadcast;
  }

  /** Announces the resources on every channel; succeeds when at least one took them. */
  public Future<Void> publish(List<String> resources) {
    JsonArray notice = new JsonArray(List.copyOf(resources));
    vertx.eventBus().publish(ADDRESS, notice);
    if (broadcast == null) {
      return Future.succeededFuture();
    }
    return broadcast.publish(notice.toBuffer()).onFailure(e -> LOG.warn(
        "Invalidation of {} not relayed over RabbitMQ ({}); only this process's event bus heard it", resources,
        e.getMessage()));
  }

  /** Hands every announced list of resources to {@code onInvalidate}, from whichever channel brings it. */
  public Future<Void> listen(Consumer<List<String>> onInvalidate) {
    MessageConsumer<JsonArray> local = vertx.eventBus().consumer(ADDRESS, m -> onInvalidate.accept(resources(m.body())));
    consumers.add(local);
    if (broadcast != null) {
      broadcast.subscribe(body -> onInvalidate.accept(resources(new JsonArray(body))));
    }
    return local.completion();
  }

  private static List<String> resources(JsonArray notice) {
    List<String> resources = new ArrayList<>(notice.size());
    notice.forEach(r -> resources.add(String.valueOf(r)));
    return resources;
  }

  public Future<Void> close() {
    consumers.forEach(MessageConsumer::unregister);
    return broadcast == null ? Future.succeededFuture() : broadcast.close();
  }
}
