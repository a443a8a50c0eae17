package dev.switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.RequestContext;
import dev.switchboard.cache.ResponseCache.Lookup;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis response cache against a real Redis, including the cache-aside race and Redis going away. */
@ExtendWith(VertxExtension.class)
class RedisCacheIT {
  private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private Redis raw;
  private RedisCache cache;

  @BeforeEach
  void setUp(Vertx vertx) {
    raw = Redis.createClient(vertx, TestServices.redisUri());
    cache = new RedisCache(vertx, TestServices.redisUri(), prefix, Duration.ofSeconds(60), 16, null);
  }

  @AfterEach
  void tearDown() {
    TestServices.deleteRedisKeys(prefix);
    Await.result(cache.close());
  }

  @Test
  void aFilledEntryIsAHitUntilInvalidated() {
    Lookup miss = Await.result(cache.lookup("users/1", ""));
    assertThat(miss.hit()).isFalse();
    assertThat(miss.bypassed()).isFalse();
    Await.result(cache.fill("users/1", "", miss, "{\"user_id\":1}"));
    assertThat(Await.result(cache.lookup("users/1", "")).value()).isEqualTo("{\"user_id\":1}");
    long ttl = Await.result(raw.send(Request.cmd(Command.TTL).arg(prefix + ":{users/1}"))).toLong();
    assertThat(ttl).isBetween(50L, 60L);

    Await.result(cache.invalidate("users/1"));
    Lookup after = Await.result(cache.lookup("users/1", ""));
    assertThat(after.hit()).isFalse();
    assertThat(after.version()).isEqualTo("1");
    Await.result(cache.fill("users/1", "", after, "{\"user_id\":1,\"v\":2}"));
    assertThat(Await.result(cache.lookup("users/1", "")).value()).contains("\"v\":2");
  }

  @Test
  void variantsOfAResourceGoTogether() {
    Await.result(cache.fill("users/7/orders", "limit=5&offset=", Await.result(cache.lookup("users/7/orders", "limit=5&offset=")), "[1]"));
    Await.result(cache.fill("users/7/orders", "limit=&offset=", Await.result(cache.lookup("users/7/orders", "limit=&offset=")), "[1,2]"));
    assertThat(Await.result(cache.lookup("users/7/orders", "limit=5&offset=")).hit()).isTrue();
    Await.result(cache.invalidate(List.of("users/7/orders")));
    assertThat(Await.result(cache.lookup("users/7/orders", "limit=5&offset=")).hit()).isFalse();
    assertThat(Await.result(cache.lookup("users/7/orders", "limit=&offset=")).hit()).isFalse();
  }

  @Test
  void aSlowReadCannotPutBackAnAnswerAWriteReplaced() {
    // the read looks up (miss) and goes to the service; the answer it will get is the old one
    Lookup slowRead = Await.result(cache.lookup("orders/3", ""));
    // meanwhile a write commits and invalidates
    Await.result(cache.invalidate("orders/3"));
    // the slow read comes back with the old answer and tries to fill: refused
    Await.result(cache.fill("orders/3", "", slowRead, "{\"total_value\":\"old\"}"));
    assertThat(Await.result(cache.lookup("orders/3", "")).hit()).isFalse();

    // the same when the entry was cached before: the fill after the invalidation is refused too
    Lookup fresh = Await.result(cache.lookup("orders/3", ""));
    Await.result(cache.fill("orders/3", "", fresh, "{\"total_value\":\"new\"}"));
    Lookup beforeWrite = Await.result(cache.lookup("orders/4", ""));
    Await.result(cache.invalidate("orders/4"));
    Await.result(cache.fill("orders/4", "", beforeWrite, "stale"));
    assertThat(Await.result(cache.lookup("orders/4", "")).hit()).isFalse();
    assertThat(Await.result(cache.lookup("orders/3", "")).value()).contains("new");
  }

  @Test
  void whenRedisIsAwayTheCacheIsBypassedAndMissedInvalidationsAreReplayed(Vertx vertx) {
    URI redis = URI.create(TestServices.redisUri());
    TcpProxy proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
    int port = Await.result(proxy.start());
    RedisCache viaProxy = new RedisCache(vertx, "redis://127.0.0.1:" + port, prefix, Duration.ofSeconds(60), 16, null);
    try (LogCapture logs = LogCapture.attach()) {
      Lookup first = Await.result(viaProxy.lookup("users/9", ""));
      Await.result(viaProxy.fill("users/9", "", first, "old"));
      assertThat(Await.result(viaProxy.lookup("users/9", "")).value()).isEqualTo("old");

      proxy.cut();
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        Lookup lookup = Await.result(viaProxy.lookup("users/9", ""));
        assertThat(lookup.bypassed()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
      }
      // a write while Redis is away: its invalidation is kept
      Await.result(viaProxy.invalidate("users/9"));
      assertThat(viaProxy.degraded()).isTrue();
      assertThat(viaProxy.state().getString("state")).isEqualTo("DEGRADED");
      assertThat(logs.lines()).filteredOn(l -> l.contains("Redis is not reachable")).hasSize(1);

      proxy.restore();
      Await.until("the cache back in use", Duration.ofSeconds(15), () -> !viaProxy.degraded());
      // the stale entry was dropped by the replayed invalidation before the cache was used again
      assertThat(Await.result(viaProxy.lookup("users/9", "")).hit()).isFalse();
      assertThat(logs.lines()).filteredOn(l -> l.contains("Redis is reachable again")).hasSize(1);
    } finally {
      Await.result(viaProxy.close());
      Await.result(proxy.close());
    }
  }

  @Test
  void aSlowConnectionSetUpDoesNotCountAsACommandTimeout(Vertx vertx) {
    URI redis = URI.create(TestServices.redisUri());
    TcpProxy proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
    int port = Await.result(proxy.start());
    // set-up slower than the 250 ms a command may take, as on a cold JVM or a loaded machine
    proxy.delayConnects(Duration.ofMillis(600));
    RedisCache slowToConnect = new RedisCache(vertx, "redis://127.0.0.1:" + port, prefix, Duration.ofSeconds(60), 16,
        null);
    try {
      Lookup first = Await.result(slowToConnect.lookup("users/11", ""));
      assertThat(first.bypassed()).isFalse();
      assertThat(slowToConnect.degraded()).isFalse();
      Await.result(slowToConnect.fill("users/11", "", first, "cached"));
      assertThat(Await.result(slowToConnect.lookup("users/11", "")).value()).isEqualTo("cached");
    } finally {
      Await.result(slowToConnect.close());
      Await.result(proxy.close());
    }
  }

  @Test
  void eachReplyComesBackOnTheContextOfTheRequestThatSentIt(Vertx vertx) {
    // one event loop, four requests in turn: the first opens the loop's connection
    Context loop = vertx.getOrCreateContext();
    List<String> ids = List.of("aaa1", "bbb2", "ccc3", "ddd4");
    Map<String, String> seen = new ConcurrentHashMap<>();
    for (String id : ids) {
      Promise<Void> done = Promise.promise();
      RequestContext.runWith(loop, id, () -> cache.lookup("users/12", "")
          .onComplete(ar -> {
            seen.put(id, String.valueOf(RequestContext.traceId()));
            done.complete();
          }));
      Await.result(done.future());
    }
    assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("aaa1", "aaa1", "bbb2", "bbb2", "ccc3", "ccc3",
        "ddd4", "ddd4"));
  }

  @Test
  void aResourceKeepsAtMostMaxVariants(Vertx vertx) {
    RedisCache four = new RedisCache(vertx, TestServices.redisUri(), prefix, Duration.ofSeconds(60), 4, null);
    try {
      for (int offset = 0; offset < 10; offset++) {
        String variant = "limit=&offset=" + offset;
        Await.result(four.fill("users/13/orders", variant, Await.result(four.lookup("users/13/orders", variant)), "[]"));
      }
      long held = Await.result(raw.send(Request.cmd(Command.HLEN).arg(prefix + ":{users/13/orders}"))).toLong();
      assertThat(held).isEqualTo(4);
      assertThat(Await.result(four.lookup("users/13/orders", "limit=&offset=0")).hit()).isTrue();
      assertThat(Await.result(four.lookup("users/13/orders", "limit=&offset=9")).hit()).isFalse();
      // an invalidation leaves the version field; the bound counts variants only
      Await.result(four.invalidate("users/13/orders"));
      for (int offset = 0; offset < 10; offset++) {
        String variant = "limit=&offset=" + offset;
        Await.result(four.fill("users/13/orders", variant, Await.result(four.lookup("users/13/orders", variant)), "[]"));
      }
      assertThat(Await.result(raw.send(Request.cmd(Command.HLEN).arg(prefix + ":{users/13/orders}"))).toLong())
          .isEqualTo(5);
    } finally {
      Await.result(four.close());
    }
  }

  @Test
  void whenRedisHangsLookupsAreBypassedWithinTheCommandTimeout(Vertx vertx) {
    URI redis = URI.create(TestServices.redisUri());
    TcpProxy proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
    int port = Await.result(proxy.start());
    RedisCache viaProxy = new RedisCache(vertx, "redis://127.0.0.1:" + port, prefix, Duration.ofSeconds(60), 16, null);
    try {
      Lookup first = Await.result(viaProxy.lookup("users/14", ""));
      Await.result(viaProxy.fill("users/14", "", first, "cached"));
      // Redis stops answering, its socket open: a host gone without a word
      proxy.stall();
      long slowest = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        assertThat(Await.result(viaProxy.lookup("users/14", "")).bypassed()).isTrue();
        slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
      }
      assertThat(slowest).as("a lookup waits at most the command timeout").isLessThan(1_000);
      assertThat(viaProxy.degraded()).isTrue();
      proxy.restore();
      Await.until("the cache back in use", Duration.ofSeconds(15), () -> !viaProxy.degraded());
    } finally {
      Await.result(viaProxy.close());
      Await.result(proxy.close());
    }
  }
}
