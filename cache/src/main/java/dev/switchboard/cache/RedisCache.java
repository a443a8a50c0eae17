package dev.switchboard.cache;

import dev.switchboard.contract.RequestContext;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Why one file of this size: lookups, versioned fills, invalidations, the replay of invalidations that
// could not reach Redis and the bypass while it is down share one state (the pending invalidations, the
// down flag, the per-event-loop connections); the invariant "no fill lands after an invalidation it did not
// see" is kept here, in one place.
/**
 * The response cache on Redis ({@code vertx-redis-client}), shared by every gateway and written through by
 * every service. Each resource is one hash {@code <prefix>:{<resource>}}: a field per listing variant (at
 * most {@code maxVariants}) and a version field {@code __v}. A lookup is one {@code HMGET} (the variant and
 * the version); an invalidation bumps the version and drops every variant, in one script; a fill stores only
 * if the version is still the one its lookup saw, in one script — so the cache-aside race cannot put an old
 * answer back.
 *
 * <p>Each event loop talks to Redis over its own pipelined connection, opened by {@link #open()} when a
 * verticle starts (or on first use) and owned by the loop's own context, never by a request's: a reply is
 * handed back on the context of the request that sent the command, so what that request logs next carries
 * its own id. Only the command itself is bounded by the command timeout; opening a connection has its own
 * (connect) timeout.
 *
 * <p>When Redis cannot be reached, lookups bypass the cache (counted; logged once when it goes and once when
 * it comes back), invalidations are kept and replayed when it answers again — before the cache is used
 * again — and the process keeps serving from the services.
 */
public final class RedisCache implements ResponseCache, CacheInvalidator {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
  private static final long COMMAND_TIMEOUT_MS = 250;
  private static final int CONNECT_TIMEOUT_MS = 1_000;
  private static final int MAX_PENDING = 100_000;
  private static final String VERSION = "__v";
  /** Stores a variant if the version is the one the lookup saw and the resource has room for it. */
  private static final String FILL = """
      local current = redis.call('HGET', KEYS[1], '__v')
      if (current == false and ARGV[1] == '') or current == ARGV[1] then
        if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
          local variants = redis.call('HLEN', KEYS[1])
          if current ~= false then variants = variants - 1 end
          if variants >= tonumber(ARGV[5]) then return 0 end
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        return 1
      end
      return 0""";
  /** Keeps the bumped version (long enough to outlive any lookup-to-fill interval) and drops the rest. */
  private static final String INVALIDATE = """
      local version = redis.call('HINCRBY', KEYS[1], '__v', 1)
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], '__v', version)
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      return version""";

  private final Vertx vertx;
  private final Context home;
  private final Redis redis;
  private final String prefix;
  private final long ttlSeconds;
  private final long versionTtlSeconds;
  private final int maxVariants;
  private final CacheRelay relay;
  private final CacheMeters meters = new CacheMeters("redis");
  private final AtomicBoolean down = new AtomicBoolean();
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  /** Each event loop's connection, touched only on that loop. */
  private final Map<EventLoop, Future<RedisConnection>> connections = new ConcurrentHashMap<>();
  private volatile boolean connectedOnce;
  private volatile boolean flushNeeded;
  private volatile String lastError = "";
  private volatile boolean closed;

  /**
   * @param relay tells the other processes an invalidation this one could not apply, so that they apply
   *              it (see {@link CacheRelay}); null for none
   */
  public RedisCache(Vertx vertx, String uri, String prefix, Duration ttl, int maxVariants, CacheRelay relay) {
    this.vertx = vertx;
    this.home = vertx.getOrCreateContext();
    this.redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(uri)
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(10_000)
        .setMaxWaitingHandlers(10_000)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true)));
    this.prefix = prefix;
    this.ttlSeconds = ttl.toSeconds();
    // a version must outlive any lookup-to-fill interval; entries expire on their own TTL
    this.versionTtlSeconds = ttl.toSeconds() + 300;
    this.maxVariants = maxVariants;
    this.relay = relay;
  }

  /** Gateway side: applies the invalidations other processes relay because they could not reach Redis. */
  public Future<Void> listen() {
    return relay == null ? Future.succeededFuture() : relay.listen(this::tryInvalidate);
  }

  /**
   * Opens the calling event loop's connection and checks it answers; never fails (a Redis that does not
   * answer puts the cache in bypass, and it is probed until it does). Call from a verticle's start.
   */
  @Override
  public Future<Void> open() {
    return send(Request.cmd(Command.PING)).transform(ar -> {
      if (ar.failed()) {
        failed(ar.cause());
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<Lookup> lookup(String resource, String variant) {
    if (down.get() || !pending.isEmpty()) {
      meters.errors.increment();
      return Future.succeededFuture(Lookup.bypass());
    }
    Request lookup = Request.cmd(Command.HMGET).arg(key(resource)).arg(variant).arg(VERSION);
    return send(lookup).transform(ar -> {
      if (ar.failed()) {
        failed(ar.cause());
        meters.errors.increment();
        return Future.succeededFuture(Lookup.bypass());
      }
      Response value = ar.result().get(0);
      if (value != null) {
        meters.hits.increment();
        return Future.succeededFuture(Lookup.hit(value.toString()));
      }
      Response version = ar.result().get(1);
      meters.misses.increment();
      return Future.succeededFuture(Lookup.miss(version == null ? "" : version.toString()));
    });
  }

  @Override
  public Future<Void> fill(String resource, String variant, Lookup lookup, String value) {
    if (lookup.bypassed() || lookup.version() == null || down.get()) {
      return Future.succeededFuture();
    }
    Request fill = Request.cmd(Command.EVAL).arg(FILL).arg(1).arg(key(resource))
        .arg(lookup.version()).arg(variant).arg(value).arg(ttlSeconds).arg(maxVariants);
    return send(fill)
        .<Void>mapEmpty()
        .recover(e -> {
          failed(e);
          return Future.succeededFuture();
        });
  }

  /**
   * Invalidates in Redis; when Redis cannot be reached from here, keeps the resources to replay and relays
   * them to the other processes, which can apply them meanwhile. Never fails.
   */
  @Override
  public Future<Void> invalidate(List<String> resources) {
    return tryInvalidate(resources).compose(applied -> applied || relay == null ? Future.succeededFuture()
        : relay.publish(resources).otherwiseEmpty());
  }

  /**
   * Invalidates now if Redis answers; otherwise keeps the resources to replay once it does (and bypasses
   * the cache meanwhile). Never fails: the future says whether Redis applied it.
   */
  public Future<Boolean> tryInvalidate(List<String> resources) {
    if (down.get()) {
      keep(resources);
      return Future.succeededFuture(false);
    }
    return send(resources).map(true).recover(e -> {
      keep(resources);
      failed(e);
      return Future.succeededFuture(false);
    });
  }

  private Future<Void> send(List<String> resources) {
    List<Future<Response>> sent = new ArrayList<>(resources.size());
    for (String resource : resources) {
      sent.add(send(Request.cmd(Command.EVAL).arg(INVALIDATE).arg(1).arg(key(resource)).arg(versionTtlSeconds)));
    }
    return Future.all(sent)
        .onSuccess(r -> meters.invalidated.increment(resources.size()))
        .mapEmpty();
  }

  /**
   * Sends one command over this event loop's own connection, bounded by the command timeout, and completes
   * on the caller's context. A connection that fails or times out is dropped, so the next command opens
   * another.
   */
  /**
   * Runs a Lua script on the cache's Redis, over the calling event loop's connection — for other shared
   * state a gateway keeps there (the log-in throttle). {@code keys} are used as given (not prefixed).
   */
  public Future<Response> eval(String script, java.util.List<String> keys, java.util.List<String> args) {
    Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return send(request);
  }

  /** The prefix of the cache's keys (other state kept beside it uses it too). */
  public String prefix() {
    return prefix;
  }

  private Future<Response> send(Request request) {
    Context current = Vertx.currentContext();
    if (!(current instanceof ContextInternal caller) || !Context.isOnEventLoopThread()) {
      // not on an event loop (a test, a worker): send from the cache's own one
      Promise<Response> done = Promise.promise();
      home.runOnContext(v -> send(request).onComplete(done));
      return done.future();
    }
    EventLoop loop = caller.nettyEventLoop();
    Promise<Response> done = RequestContext.promise();
    connection(caller, loop).onComplete(connected -> {
      if (connected.failed()) {
        done.fail(connected.cause());
        return;
      }
      connected.result().send(request).timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
        if (ar.failed()) {
          drop(loop, connected.result(), true);
        }
        done.handle(ar);
      });
    });
    return done.future();
  }

  /** This loop's connection, opened on the loop's own context (not the request's) when there is none. */
  private Future<RedisConnection> connection(ContextInternal caller, EventLoop loop) {
    Future<RedisConnection> existing = connections.get(loop);
    if (existing != null) {
      return existing;
    }
    Promise<RedisConnection> opening = Promise.promise();
    connections.put(loop, opening.future());
    caller.unwrap().emit(v -> redis.connect().onComplete(ar -> {
      if (ar.succeeded()) {
        RedisConnection c = ar.result();
        // a connection that failed or ended is going or gone: forget it (closing it again trips the client)
        c.exceptionHandler(e -> drop(loop, c, false)).endHandler(e -> drop(loop, c, false));
        if (!connectedOnce) {
          connectedOnce = true;
          LOG.info("Connected to Redis");
        }
      } else {
        connections.remove(loop, opening.future());
      }
      opening.handle(ar);
    }));
    return opening.future();
  }

  private void drop(EventLoop loop, RedisConnection c, boolean close) {
    Future<RedisConnection> current = connections.get(loop);
    if (current != null && current.succeeded() && current.result() == c) {
      connections.remove(loop, current);
      if (close) {
        c.close();
      }
    }
  }

  private void keep(List<String> resources) {
    meters.invalidationErrors.increment(resources.size());
    if (pending.size() + resources.size() > MAX_PENDING) {
      flushNeeded = true;
      pending.clear();
    }
    pending.addAll(resources);
  }

  /** Goes into bypass (logged once) and probes Redis until it answers. */
  private void failed(Throwable cause) {
    lastError = String.valueOf(cause.getMessage());
    if (down.compareAndSet(false, true)) {
      LOG.warn("Redis is not reachable ({}); the cache is bypassed until it is", lastError);
      // the probe belongs to no request: run it outside the one that noticed
      RequestContext.outsideRequest(() -> vertx.setTimer(1_000, t -> probe()));
    }
  }

  private void probe() {
    if (closed) {
      return;
    }
    send(Request.cmd(Command.PING))
        .compose(pong -> flushNeeded ? flush() : Future.succeededFuture())
        .compose(v -> replay())
        .onSuccess(v -> {
          if (pending.isEmpty() && down.compareAndSet(true, false)) {
            LOG.info("Redis is reachable again; the cache is back in use");
          } else {
            vertx.setTimer(1_000, t -> probe());
          }
        })
        .onFailure(e -> {
          lastError = String.valueOf(e.getMessage());
          vertx.setTimer(1_000, t -> probe());
        });
  }

  /** Applies the invalidations that could not be sent while Redis was away. */
  private Future<Void> replay() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> batch = new ArrayList<>(pending);
    return send(batch).onSuccess(v -> pending.removeAll(batch));
  }

  /** Too many invalidations were missed to remember them all: drop every entry of this cache. */
  private Future<Void> flush() {
    return scanAndDelete("0").onSuccess(v -> {
      flushNeeded = false;
      LOG.info("Dropped every cache entry after missing too many invalidations");
    });
  }

  private Future<Void> scanAndDelete(String cursor) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + ":*").arg("COUNT").arg(1000))
        .compose(page -> {
          String next = page.get(0).toString();
          List<Request> deletes = new ArrayList<>();
          for (Response key : page.get(1)) {
            deletes.add(Request.cmd(Command.UNLINK).arg(key.toString()));
          }
          Future<?> deleted = deletes.isEmpty() ? Future.succeededFuture() : redis.batch(deletes);
          return deleted.compose(v -> "0".equals(next) ? Future.succeededFuture() : scanAndDelete(next));
        });
  }

  /** For readiness: the state and, when degraded, why. */
  public JsonObject state() {
    if (down.get()) {
      return new JsonObject().put("state", "DEGRADED").put("reason", "cache bypassed: " + lastError)
          .put("pendingInvalidations", pending.size());
    }
    return new JsonObject().put("state", connectedOnce ? "UP" : "CONNECTING");
  }

  public boolean degraded() {
    return down.get();
  }

  private String key(String resource) {
    return prefix + ":{" + resource + "}";
  }

  public Future<Void> close() {
    closed = true;
    connections.values().forEach(c -> c.onSuccess(RedisConnection::close));
    connections.clear();
    return redis.close();
  }
}
