package dev.switchboard.cache;

import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code switchboard_cache_requests_total{result=hit|miss|error}} and invalidations by result. */
public final class CacheMeters {
  public final Counter hits;
  public final Counter misses;
  public final Counter errors;
  public final Counter invalidated;
  public final Counter invalidationErrors;

  public CacheMeters(String store) {
    MeterRegistry registry = Metrics.registry();
    hits = Counter.builder("switchboard.cache.requests").tag("store", store).tag("result", "hit").register(registry);
    misses = Counter.builder("switchboard.cache.requests").tag("store", store).tag("result", "miss").register(registry);
    errors = Counter.builder("switchboard.cache.requests").tag("store", store).tag("result", "error").register(registry);
    invalidated = Counter.builder("switchboard.cache.invalidations").tag("store", store).tag("result", "ok")
        .register(registry);
    invalidationErrors = Counter.builder("switchboard.cache.invalidations").tag("store", store).tag("result", "error")
        .register(registry);
  }
}
