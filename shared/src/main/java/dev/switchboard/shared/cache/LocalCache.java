package dev.switchboard.shared.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache (Caffeine) used when Redis is not enabled: one per process, shared by its gateway
 * verticles and written through by the services running in the same process. Each resource's slot carries
 * a version taken from a process-wide counter; an invalidation replaces the slot with an empty one of a new
 * version (kept as long as an entry would be), so a fill that read an older version is refused. Services
 * in other processes reach it with an event-bus broadcast on {@link #INVALIDATIONS}.
 */
public final class LocalCache implements ResponseCache, CacheInvalidator {
  /** Event-bus address on which services broadcast the resources they changed. */
  public static final String INVALIDATIONS = "switchboard.cache.invalidate";

  private static final AtomicLong VERSIONS = new AtomicLong();

  private final Vertx vertx;
  private final Cache<String, Slot> slots;
  private final CacheMeters meters = new CacheMeters("local");
  private MessageConsumer<JsonArray> broadcasts;

  public LocalCache(Vertx vertx, Duration ttl, int maxEntries) {
    this.vertx = vertx;
    this.slots = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
  }

  /** Starts applying invalidations broadcast by services in other processes. */
  public Future<Void> listen() {
    broadcasts = vertx.eventBus().consumer(INVALIDATIONS, message -> message.body().forEach(r -> drop(r.toString())));
    return broadcasts.completion();
  }

  @Override
  public Future<Lookup> lookup(String resource, String variant) {
    Slot slot = slots.getIfPresent(resource);
    String value = slot == null ? null : slot.variants.get(variant);
    if (value != null) {
      meters.hits.increment();
      return Future.succeededFuture(Lookup.hit(value));
    }
    meters.misses.increment();
    return Future.succeededFuture(Lookup.miss(Long.toString(slot == null ? 0 : slot.version)));
  }

  @Override
  public Future<Void> fill(String resource, String variant, Lookup lookup, String value) {
    if (lookup.bypassed() || lookup.version() == null) {
      return Future.succeededFuture();
    }
    long expected = Long.parseLong(lookup.version());
    slots.asMap().compute(resource, (key, current) -> {
      long version = current == null ? 0 : current.version;
      if (version != expected) {
        return current;
      }
      Map<String, String> variants = current == null ? new HashMap<>() : new HashMap<>(current.variants);
      variants.put(variant, value);
      return new Slot(version, Map.copyOf(variants));
    });
    return Future.succeededFuture();
  }

  /** Invalidates here, at once, and tells the other processes. */
  @Override
  public Future<Void> invalidate(List<String> resources) {
    resources.forEach(this::drop);
    vertx.eventBus().publish(INVALIDATIONS, new JsonArray(List.copyOf(resources)));
    return Future.succeededFuture();
  }

  private void drop(String resource) {
    slots.asMap().compute(resource, (key, current) -> new Slot(VERSIONS.incrementAndGet(), Map.of()));
    meters.invalidated.increment();
  }

  public Future<Void> close() {
    return broadcasts == null ? Future.succeededFuture() : broadcasts.unregister();
  }

  private record Slot(long version, Map<String, String> variants) {
  }
}
