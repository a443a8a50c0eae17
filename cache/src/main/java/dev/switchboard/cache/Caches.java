package dev.switchboard.cache;

import dev.switchboard.messaging.Messaging;
import dev.switchboard.messaging.rabbit.Broadcast;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.launch.Infrastructure;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;

/**
 * A process's side of the response cache: the relay of invalidation notices to every gateway (the event
 * bus, and a RabbitMQ fanout when RabbitMQ is enabled) and, when Redis is enabled, the Redis cache (one per
 * process, reported by the {@code redis} check). The in-process cache belongs to the gateway module; a
 * process that runs one passes it to {@link #invalidator} so its services write through it.
 */
public final class Caches {
  private final CacheRelay relay;
  private final RedisCache redis;

  private Caches(CacheRelay relay, RedisCache redis) {
    this.relay = relay;
    this.redis = redis;
  }

  public static Caches open(Infrastructure infrastructure, Messaging messaging) {
    SwitchboardConfig config = infrastructure.config();
    CacheRelay relay = new CacheRelay(infrastructure.vertx(), config.rabbitmq().enabled()
        ? Broadcast.start(infrastructure.vertx(), messaging.broker(), config.cache().prefix() + ".invalidations") : null);
    infrastructure.onClose(relay::close);
    RedisCache redis = null;
    if (config.redis().enabled()) {
      redis = new RedisCache(infrastructure.vertx(), config.redis().uri(), config.cache().prefix(), config.cache().ttl(),
          config.cache().maxVariants(), relay);
      RedisCache cache = redis;
      // a Redis outage degrades the process (no cache) but does not stop it serving
      infrastructure.health().register("redis", () -> Future.succeededFuture(Status.OK(cache.state())));
      cache.open();
      infrastructure.onClose(cache::close);
    }
    return new Caches(relay, redis);
  }

  public CacheRelay relay() {
    return relay;
  }

  /** The Redis cache, or null when Redis is not enabled. */
  public RedisCache redis() {
    return redis;
  }

  /**
   * How the services of this process invalidate what they change: Redis when enabled; otherwise the
   * process's in-process cache ({@code local}, null when it has none), which tells the other processes
   * through the relay; otherwise the relay alone.
   */
  public CacheInvalidator invalidator(CacheInvalidator local) {
    if (redis != null) {
      return redis;
    }
    return local != null ? local : relay::publish;
  }
}
