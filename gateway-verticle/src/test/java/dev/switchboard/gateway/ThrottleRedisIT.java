package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cache.RedisCache;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The throttle kept in Redis: two gateways (two throttles, two clients) share one window. */
class ThrottleRedisIT {
  private final Vertx vertx = Vertx.vertx();
  private final String prefix = "it-throttle-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestServices.deleteRedisKeys(prefix);
  }

  private Throttle gateway(int perPair, int perAddress) throws Exception {
    RedisCache redis = new RedisCache(vertx, TestServices.redisUri(), prefix, Duration.ofMinutes(1), 16, null);
    await(redis.open());
    return new Throttle(redis, new AuthSettings(true, "i", "a", Duration.ofMinutes(15), List.of(), Path.of("k"),
        Duration.ofMinutes(15), perPair, perAddress));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static boolean admitted(Throttle throttle, String account, String client) throws Exception {
    try {
      await(throttle.admit(account, client));
      return true;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(Throttle.Refused.class);
      assertThat(((Throttle.Refused) e.getCause()).retryAfterSeconds()).isBetween(1L, 900L);
      return false;
    }
  }

  @Test
  void failuresAtOneGatewayCountAtTheOther() throws Exception {
    Throttle first = gateway(3, 1000);
    Throttle second = gateway(3, 1000);
    for (int i = 0; i < 3; i++) {
      assertThat(admitted(i % 2 == 0 ? first : second, "alice", "10.1.0.66")).isTrue();
      (i % 2 == 0 ? first : second).failed("alice", "10.1.0.66");
    }
    // the failures are written without waiting: let them land
    Thread.sleep(200);
    assertThat(admitted(second, "alice", "10.1.0.66")).as("the fourth, at the other gateway").isFalse();
    assertThat(admitted(first, "alice", "10.1.0.7")).as("the owner from elsewhere").isTrue();
    first.succeeded("alice", "10.1.0.66");
    Thread.sleep(200);
    assertThat(admitted(second, "alice", "10.1.0.66")).as("after a success").isTrue();
  }

  @Test
  void anAddressBudgetIsSharedToo() throws Exception {
    Throttle first = gateway(100, 4);
    Throttle second = gateway(100, 4);
    for (int i = 0; i < 4; i++) {
      assertThat(admitted(i % 2 == 0 ? first : second, "user" + i, "10.1.0.9")).isTrue();
    }
    assertThat(admitted(first, "user99", "10.1.0.9")).isFalse();
    assertThat(admitted(second, "user99", "10.1.0.10")).isTrue();
  }
}
