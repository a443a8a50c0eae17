package dev.switchboard.gateway;

import dev.switchboard.cache.CacheRelay;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.cache.CacheMeters;
import dev.switchboard.cache.CacheInvalidator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache (Caffeine) used when Redis is not enabled: one per process, shared by its gateway
 * verticles and written through by the services running in the same process. Each resource's slot carries
 * a version taken from a process-wide counter; an invalidation replaces the slot with an empty one of a new
 * version (kept as long as an entry would be), so a fill that read an older version is refused — it lands,
 * at most, in the replaced slot nobody reads. A fill is O(1) (one put into the slot's own map), and a slot
 * holds at most {@code maxVariants} variants. Services in other processes reach it through the
 * {@link CacheRelay}.
 */
public final class LocalCache implements ResponseCache, CacheInvalidator {
  private final AtomicLong versions = new AtomicLong();

  private final Cache<String, Slot> slots;
  private final int maxVariants;
  private final CacheRelay relay;
  private final CacheMeters meters = new CacheMeters("local");

  public LocalCache(Duration ttl, int maxEntries, int maxVariants, CacheRelay relay) {
    this.slots = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    this.maxVariants = maxVariants;
    this.relay = relay;
  }

  /** Starts applying the invalidations the relay brings (from services here and in other processes). */
  public Future<Void> listen() {
    return relay.listen(resources -> resources.forEach(this::drop));
  }

  @Override
  public Future<Void> open() {
    return Future.succeededFuture();
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
    Slot slot = expected == 0 ? slots.get(resource, key -> new Slot(0)) : slots.getIfPresent(resource);
    if (slot != null && slot.version == expected
        && (slot.variants.size() < maxVariants || slot.variants.containsKey(variant))) {
      slot.variants.put(variant, value);
    }
    return Future.succeededFuture();
  }

  /** Invalidates here, at once, and tells the other processes. */
  @Override
  public Future<Void> invalidate(List<String> resources) {
    resources.forEach(this::drop);
    return relay.publish(resources).otherwiseEmpty();
  }

  private void drop(String resource) {
    slots.put(resource, new Slot(versions.incrementAndGet()));
    meters.invalidated.increment();
  }

  private static final class Slot {
    final long version;
    final Map<String, String> variants = new ConcurrentHashMap<>();

    Slot(long version) {
      this.version = version;
    }
  }
}
