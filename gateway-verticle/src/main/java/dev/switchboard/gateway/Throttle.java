package dev.switchboard.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.cache.RedisCache;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles log-ins and password changes with sliding windows: at most {@code perPair} failures per
 * (account, client address) pair and {@code perAddress} attempts per client address within the window. The
 * pair limit is per address, so an attacker's failures never lock the account's owner out from another
 * address; a success clears the pair. Kept in Redis when the gateway has it (every gateway shares the
 * windows), in process otherwise — and in process while Redis does not answer.
 */
final class Throttle {
  private static final Logger LOG = LoggerFactory.getLogger(Throttle.class);
  /** KEYS: pair, address; ARGV: now ms, window ms, perPair, perAddress, member. Answers ms to wait, or 0. */
  private static final String ADMIT = """
      local now = tonumber(ARGV[1]); local window = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - window)
      redis.call('ZREMRANGEBYSCORE', KEYS[2], 0, now - window)
      local limits = {tonumber(ARGV[3]), tonumber(ARGV[4])}
      for i = 1, 2 do
        if redis.call('ZCARD', KEYS[i]) >= limits[i] then
          local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
          return math.max(1, tonumber(oldest[2]) + window - now)
        end
      end
      redis.call('ZADD', KEYS[2], now, ARGV[5])
      redis.call('PEXPIRE', KEYS[2], window)
      return 0""";
  /** KEYS: pair; ARGV: now ms, window ms, member. */
  private static final String FAILED = """
      redis.call('ZADD', KEYS[1], tonumber(ARGV[1]), ARGV[3])
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
      return 0""";
  private static final String CLEAR = "redis.call('DEL', KEYS[1]) return 0";

  /** A refused attempt: 429 with Retry-After. */
  static final class Refused extends RuntimeException {
    private final long retryAfterSeconds;

    Refused(long retryAfterSeconds) {
      super("Too many attempts; retry in " + retryAfterSeconds + " s", null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  private final RedisCache redis;
  private final long windowMs;
  private final int perPair;
  private final int perAddress;
  private final Cache<String, ArrayDeque<Long>> local;

  /** @param redis the gateway's Redis cache, or null to keep the windows in process */
  Throttle(RedisCache redis, AuthSettings settings) {
    this.redis = redis;
    this.windowMs = settings.throttleWindow().toMillis();
    this.perPair = settings.perPair();
    this.perAddress = settings.perAddress();
    this.local = Caffeine.newBuilder().maximumSize(200_000)
        .expireAfterAccess(Duration.ofMillis(windowMs)).build();
  }

  /** The client's address as the gateway sees it. */
  static String client(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  /** Admits an attempt on {@code account} from the request's client, or fails with {@link Refused}. */
  Future<Void> admit(String account, RoutingContext ctx) {
    return admit(account, client(ctx));
  }

  /** Admits an attempt on {@code account} from {@code client}, or fails with {@link Refused}. */
  Future<Void> admit(String account, String client) {
    String pair = pairKey(account, client);
    String address = addressKey(client);
    if (redis != null) {
      return redis.eval(ADMIT, List.of(pair, address), List.of(Long.toString(now()), Long.toString(windowMs),
              Integer.toString(perPair), Integer.toString(perAddress), UUID.randomUUID().toString()))
          .transform(ar -> {
            if (ar.failed()) {
              LOG.debug("Throttling in process: Redis did not answer ({})", ar.cause().getMessage());
              return admitLocally(pair, address);
            }
            long waitMs = ar.result().toLong();
            return waitMs > 0 ? Future.failedFuture(new Refused(seconds(waitMs))) : Future.succeededFuture();
          });
    }
    return admitLocally(pair, address);
  }

  /** Counts a failed attempt against the pair. */
  void failed(String account, RoutingContext ctx) {
    failed(account, client(ctx));
  }

  void failed(String account, String client) {
    String pair = pairKey(account, client);
    if (redis == null) {
      record(pair);
      return;
    }
    // kept in process only while Redis does not take it, as admit() falls back
    redis.eval(FAILED, List.of(pair), List.of(Long.toString(now()), Long.toString(windowMs),
        UUID.randomUUID().toString())).onFailure(e -> record(pair));
  }

  /** A success clears the pair's failures. */
  void succeeded(String account, RoutingContext ctx) {
    succeeded(account, client(ctx));
  }

  void succeeded(String account, String client) {
    String pair = pairKey(account, client);
    local.invalidate(pair);
    if (redis != null) {
      redis.eval(CLEAR, List.of(pair), List.of());
    }
  }

  private Future<Void> admitLocally(String pair, String address) {
    long now = now();
    long waitMs = Math.max(waiting(pair, perPair, now), waiting(address, perAddress, now));
    if (waitMs > 0) {
      return Future.failedFuture(new Refused(seconds(waitMs)));
    }
    record(address);
    return Future.succeededFuture();
  }

  private long waiting(String key, int limit, long now) {
    ArrayDeque<Long> window = local.getIfPresent(key);
    if (window == null) {
      return 0;
    }
    synchronized (window) {
      while (!window.isEmpty() && window.peekFirst() <= now - windowMs) {
        window.pollFirst();
      }
      return window.size() >= limit ? Math.max(1, window.peekFirst() + windowMs - now) : 0;
    }
  }

  private void record(String key) {
    ArrayDeque<Long> window = local.get(key, k -> new ArrayDeque<>());
    synchronized (window) {
      window.addLast(now());
    }
  }

  private String pairKey(String account, String client) {
    return prefix() + ":throttle:pair:" + account + "|" + client;
  }

  private String addressKey(String client) {
    return prefix() + ":throttle:addr:" + client;
  }

  private String prefix() {
    return redis == null ? "switchboard" : redis.prefix();
  }

  private static long seconds(long ms) {
    return Math.max(1, (ms + 999) / 1000);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
