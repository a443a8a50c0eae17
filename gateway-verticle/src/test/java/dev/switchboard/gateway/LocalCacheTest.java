package dev.switchboard.gateway;

import dev.switchboard.cache.CacheRelay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cache.ResponseCache.Lookup;
import dev.switchboard.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LocalCacheTest {

  @Test
  void fillsHitsAndInvalidates(Vertx vertx) {
    LocalCache cache = new LocalCache(Duration.ofSeconds(60), 100, 16, new CacheRelay(vertx, null));
    Lookup miss = Await.result(cache.lookup("users/1", ""));
    assertThat(miss.hit()).isFalse();
    Await.result(cache.fill("users/1", "", miss, "v1"));
    assertThat(Await.result(cache.lookup("users/1", "")).value()).isEqualTo("v1");
    Await.result(cache.invalidate("users/1"));
    assertThat(Await.result(cache.lookup("users/1", "")).hit()).isFalse();
  }

  @Test
  void aSlowReadCannotPutBackAnAnswerAWriteReplaced(Vertx vertx) {
    LocalCache cache = new LocalCache(Duration.ofSeconds(60), 100, 16, new CacheRelay(vertx, null));
    Lookup slowRead = Await.result(cache.lookup("orders/1", ""));
    Await.result(cache.invalidate("orders/1"));
    Await.result(cache.fill("orders/1", "", slowRead, "stale"));
    assertThat(Await.result(cache.lookup("orders/1", "")).hit()).isFalse();

    Lookup afterWrite = Await.result(cache.lookup("orders/1", ""));
    Await.result(cache.fill("orders/1", "", afterWrite, "fresh"));
    assertThat(Await.result(cache.lookup("orders/1", "")).value()).isEqualTo("fresh");
  }

  @Test
  void appliesInvalidationsBroadcastByOtherProcesses(Vertx vertx) {
    LocalCache cache = new LocalCache(Duration.ofSeconds(60), 100, 16, new CacheRelay(vertx, null));
    Await.result(cache.listen());
    Await.result(cache.fill("users/5", "", Await.result(cache.lookup("users/5", "")), "cached"));
    vertx.eventBus().publish(CacheRelay.ADDRESS, new JsonArray().add("users/5"));
    Await.until("the broadcast applied", Duration.ofSeconds(5),
        () -> !Await.result(cache.lookup("users/5", "")).hit());
  }

  @Test
  void aResourceKeepsAtMostMaxVariantsAndServesTheRestUncached(Vertx vertx) {
    LocalCache cache = new LocalCache(Duration.ofSeconds(60), 100, 4, new CacheRelay(vertx, null));
    for (int offset = 0; offset < 50_000; offset++) {
      String variant = "limit=&offset=" + offset;
      Await.result(cache.fill("users/1/orders", variant, Await.result(cache.lookup("users/1/orders", variant)), "[]"));
    }
    int cached = 0;
    for (int offset = 0; offset < 50_000; offset++) {
      if (Await.result(cache.lookup("users/1/orders", "limit=&offset=" + offset)).hit()) {
        cached++;
      }
    }
    assertThat(cached).isEqualTo(4);
    // a variant already held is refreshed, not refused
    Lookup again = Await.result(cache.lookup("users/1/orders", "limit=&offset=0"));
    assertThat(again.hit()).isTrue();
  }
}
