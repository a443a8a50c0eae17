package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.testing.TestData;
import dev.switchboard.user.UserApplication;
import dev.switchboard.platform.ops.Metrics;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's response cache on Redis: hits and misses, invalidation by every kind of write (also
 * through another gateway and by the intake consumer), reads racing writes, and Redis going away.
 */
@ExtendWith(VertxExtension.class)
class GatewayCacheIT {
  private TestConfig config;
  private HttpTestClient http;

  @AfterEach
  void tearDown(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }


  private void start(Vertx vertx, TestConfig testConfig) {
    config = testConfig;
    Apps.deployStandalone(vertx, config.json());
    http = new HttpTestClient(vertx, config.httpPort());
  }

  private int newUser() {
    String nick = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    return http.post("/users", TestData.newUser(nick, "cache-password")).bodyAsJsonObject().getInteger("user_id");
  }

  private int newOrder(int userId, int quantity) {
    return http.post("/orders", new JsonObject().put("user_id", userId).put("item_description", "Cached")
        .put("item_quantity", quantity).put("item_price", 10)).bodyAsJsonObject().getInteger("order_id");
  }

  private static String cache(HttpResponse<Buffer> response) {
    return response.getHeader("X-Cache");
  }

  @Test
  void repeatedReadsAreHitsAndEveryWriteInvalidates(Vertx vertx) {
    start(vertx, TestConfig.create().withPostgres("cache_writes").withRedis().withRabbitMq());
    int userId = newUser();

    HttpResponse<Buffer> first = http.get("/users/" + userId);
    HttpResponse<Buffer> second = http.get("/users/" + userId);
    assertThat(cache(first)).isEqualTo("MISS");
    assertThat(cache(second)).isEqualTo("HIT");
    assertThat(second.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(second.getHeader("content-type")).isEqualTo("application/json");
    assertThat(cache(http.get("/user/show_one_user/" + userId))).isEqualTo("HIT");

    // profile update
    assertThat(http.put("/users/" + userId, new JsonObject().put("full_name", "New Name")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> afterUpdate = http.get("/users/" + userId);
    assertThat(cache(afterUpdate)).isEqualTo("MISS");
    assertThat(afterUpdate.bodyAsJsonObject().getString("full_name")).isEqualTo("New Name");
    assertThat(cache(http.get("/users/" + userId))).isEqualTo("HIT");

    // password change (updated_at changes)
    String updatedAt = http.get("/users/" + userId).bodyAsJsonObject().getString("updated_at");
    assertThat(http.put("/users/" + userId + "/password", new JsonObject().put("current_password", "cache-password")
        .put("new_password", "cache-password-2")).statusCode()).isEqualTo(204);
    assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("updated_at")).isGreaterThan(updatedAt);

    // orders: create, read, update, delete
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray()).isEmpty();
    assertThat(cache(http.get("/users/" + userId + "/orders"))).isEqualTo("HIT");
    int orderId = newOrder(userId, 1);
    HttpResponse<Buffer> listed = http.get("/users/" + userId + "/orders");
    assertThat(cache(listed)).isEqualTo("MISS");
    assertThat(listed.bodyAsJsonArray()).hasSize(1);
    assertThat(cache(http.get("/orders/" + orderId))).isEqualTo("MISS");
    assertThat(cache(http.get("/orders/" + orderId))).isEqualTo("HIT");
    assertThat(http.get("/users/" + userId + "/orders?limit=1").bodyAsJsonArray()).hasSize(1);

    assertThat(http.put("/orders/" + orderId, new JsonObject().put("item_quantity", 7)).statusCode()).isEqualTo(200);
    assertThat(http.get("/orders/" + orderId).bodyAsJsonObject().getInteger("total_value")).isEqualTo(70);
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray().getJsonObject(0).getInteger("total_value"))
        .isEqualTo(70);
    assertThat(http.get("/users/" + userId + "/orders?limit=1").bodyAsJsonArray().getJsonObject(0)
        .getInteger("total_value")).isEqualTo(70);

    // an order stored by the intake consumer
    http.get("/users/" + userId + "/orders");
    assertThat(cache(http.get("/users/" + userId + "/orders"))).isEqualTo("HIT");
    String requestId = http.post("/queue/neworder", new JsonObject().put("user_id", userId)
        .put("item_description", "Queued").put("item_quantity", 1).put("item_price", 1))
        .bodyAsJsonObject().getString("request_id");
    Await.until("the queued order stored", Duration.ofSeconds(20), () ->
        "STORED".equals(http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getString("status")));
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray()).hasSize(2);

    assertThat(http.delete("/orders/" + orderId).statusCode()).isEqualTo(204);
    assertThat(http.get("/orders/" + orderId).statusCode()).isEqualTo(404);
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray()).hasSize(1);

    // deleting the user (after its orders)
    int queuedOrder = http.get("/users/" + userId + "/orders").bodyAsJsonArray().getJsonObject(0).getInteger("order_id");
    assertThat(http.delete("/orders/" + queuedOrder).statusCode()).isEqualTo(204);
    http.get("/users/" + userId);
    assertThat(http.delete("/users/" + userId).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> gone = http.get("/users/" + userId);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(cache(gone)).isEqualTo("MISS");
    assertThat(http.get("/users/" + userId + "/orders").statusCode()).isEqualTo(404);

    assertThat(Metrics.registry().find("switchboard.cache.requests").tag("result", "hit").counter().count())
        .isPositive();
  }

  @Test
  void aWriteThroughAnotherGatewayIsSeenAtOnceAndReadsRacingWritesNeverServeTheOldValue(Vertx vertx) {
    start(vertx, TestConfig.create().withPostgres("cache_two").withRedis());
    int otherPort = TestConfig.freePort();
    Apps.deployReady(vertx, new GatewayApplication(), config.jsonWithPort(otherPort));
    HttpTestClient other = new HttpTestClient(vertx, otherPort);
    int userId = newUser();

    for (int round = 0; round < 40; round++) {
      // readers keep the entry hot through both gateways while the write runs
      for (int r = 0; r < 4; r++) {
        http.send(io.vertx.core.http.HttpMethod.GET, "/users/" + userId, null);
        other.send(io.vertx.core.http.HttpMethod.GET, "/users/" + userId, null);
      }
      String name = "Name " + round;
      assertThat(other.put("/users/" + userId, new JsonObject().put("full_name", name)).statusCode()).isEqualTo(200);
      // a read that starts after the write returned sees it, through either gateway
      assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("full_name")).isEqualTo(name);
      assertThat(other.get("/users/" + userId).bodyAsJsonObject().getString("full_name")).isEqualTo(name);
    }
    // and the entry is cached again once the writes stop
    http.get("/users/" + userId);
    assertThat(cache(other.get("/users/" + userId))).isEqualTo("HIT");
  }

  /**
   * Two processes (their own Vert.x, no shared event bus): a gateway, and a user service whose link to Redis
   * alone is cut. The write commits but its invalidation cannot reach Redis from the writer; the writer
   * relays it over RabbitMQ and the gateway applies it, so the old answer is gone within a second.
   */
  @Test
  void aWriteWhoseOwnInvalidationFailedIsNotServedStaleByAnotherProcess(Vertx vertx) {
    URI redis = URI.create(TestServices.redisUri());
    TcpProxy proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
    int proxyPort = Await.result(proxy.start());
    config = TestConfig.create().withPostgres("cache_relay").withRedis().withRabbitMq()
        .put("transport", new JsonObject().put("user", "rabbitmq"));
    JsonObject writerConf = config.jsonWithPort(TestConfig.freePort());
    writerConf.getJsonObject("redis").put("uri", "redis://127.0.0.1:" + proxyPort);
    Vertx writerProcess = Vertx.vertx();
    try {
      Apps.deployReady(writerProcess, new UserApplication(), writerConf);
      Apps.deployReady(vertx, new GatewayApplication(), config.json());
      http = new HttpTestClient(vertx, config.httpPort());
      Await.until("calls to reach the user service", Duration.ofSeconds(30),
          () -> http.get("/users/2000000000").statusCode() == 404);
      int userId = newUser();
      http.get("/users/" + userId);
      assertThat(cache(http.get("/users/" + userId))).isEqualTo("HIT");

      proxy.cut();
      assertThat(http.put("/users/" + userId, new JsonObject().put("full_name", "Changed Elsewhere")).statusCode())
          .isEqualTo(200);
      long written = System.nanoTime();
      Await.until("the gateway to stop serving the old name", Duration.ofSeconds(2), () -> "Changed Elsewhere"
          .equals(http.get("/users/" + userId).bodyAsJsonObject().getString("full_name")));
      long staleMs = (System.nanoTime() - written) / 1_000_000;
      org.slf4j.LoggerFactory.getLogger(GatewayCacheIT.class).info(
          "Old answer served for at most {} ms after a write whose own invalidation failed", staleMs);
      // and the gateway caches again, the new value
      http.get("/users/" + userId);
      HttpResponse<Buffer> again = http.get("/users/" + userId);
      assertThat(cache(again)).isEqualTo("HIT");
      assertThat(again.bodyAsJsonObject().getString("full_name")).isEqualTo("Changed Elsewhere");
    } finally {
      Await.result(writerProcess.close());
      Await.result(proxy.close());
    }
  }

  @Test
  void withRedisDownRequestsStillSucceedAndReadinessSaysDegraded(Vertx vertx) {
    URI redis = URI.create(TestServices.redisUri());
    TcpProxy proxy = new TcpProxy(vertx, redis.getHost(), redis.getPort());
    int proxyPort = Await.result(proxy.start());
    TestConfig testConfig = TestConfig.create().withPostgres("cache_down").withRedis().withOpsPort();
    JsonObject conf = testConfig.json();
    conf.getJsonObject("redis").put("uri", "redis://127.0.0.1:" + proxyPort);
    config = testConfig;
    try (LogCapture logs = LogCapture.attach()) {
      Apps.deployStandalone(vertx, conf);
      http = new HttpTestClient(vertx, config.httpPort());
      Await.until("calls to reach the user service", Duration.ofSeconds(30),
          () -> http.get("/users/2000000000").statusCode() == 404);
      int userId = newUser();
      http.get("/users/" + userId);
      assertThat(cache(http.get("/users/" + userId))).isEqualTo("HIT");

      proxy.cut();
      for (int i = 0; i < 30; i++) {
        HttpResponse<Buffer> read = http.get("/users/" + userId);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(cache(read)).isEqualTo("MISS");
      }
      assertThat(http.put("/users/" + userId, new JsonObject().put("full_name", "Written While Down")).statusCode())
          .isEqualTo(200);
      assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("full_name")).isEqualTo("Written While Down");
      HttpResponse<Buffer> ready = new HttpTestClient(vertx, config.opsPort()).get("/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      JsonObject redisCheck = ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("id").equals("redis")).findFirst().orElseThrow();
      assertThat(redisCheck.getJsonObject("data").getString("state")).isEqualTo("DEGRADED");
      assertThat(logs.lines()).filteredOn(l -> l.contains("Redis is not reachable")).hasSize(1);

      proxy.restore();
      Await.until("the cache back in use", Duration.ofSeconds(15), () -> "HIT".equals(cache(http.get("/users/" + userId))));
      // the entry cached before the outage was invalidated on recovery: the write made while down shows
      assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("full_name")).isEqualTo("Written While Down");
    } finally {
      Await.result(proxy.close());
    }
  }

  @Test
  void theInProcessCacheServesStandaloneAlike(Vertx vertx) {
    start(vertx, TestConfig.create().withPostgres("cache_local"));
    int userId = newUser();
    assertThat(cache(http.get("/users/" + userId))).isEqualTo("MISS");
    assertThat(cache(http.get("/users/" + userId))).isEqualTo("HIT");
    http.put("/users/" + userId, new JsonObject().put("email", "changed@example.com"));
    HttpResponse<Buffer> after = http.get("/users/" + userId);
    assertThat(cache(after)).isEqualTo("MISS");
    assertThat(after.bodyAsJsonObject().getString("email")).isEqualTo("changed@example.com");
    int orderId = newOrder(userId, 2);
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray()).hasSize(1);
    assertThat(cache(http.get("/users/" + userId + "/orders"))).isEqualTo("HIT");
    http.delete("/orders/" + orderId);
    assertThat(http.get("/users/" + userId + "/orders").bodyAsJsonArray()).isEqualTo(new JsonArray());
  }
}
