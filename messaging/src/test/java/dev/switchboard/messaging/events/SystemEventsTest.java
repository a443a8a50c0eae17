package dev.switchboard.messaging.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events leave in batches: a flood of one kind keeps its newest and does not crowd out the others. */
class SystemEventsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBatchHoldsTheNewestOfEachKindAndEachOnce() throws Exception {
    SystemEvents events = SystemEvents.local(vertx);
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    events.listen(vertx, heard::add).ready().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 30; i++) {
      events.publish("ping", new JsonObject().put("ping_id", "p" + i));
    }
    events.publish("health", new JsonObject().put("checks", new JsonObject().put("pong", "UP")));
    events.flush();
    events.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heard.size() < 26 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(heard.stream().filter(e -> "ping".equals(e.getString("type"))).map(e -> e.getString("ping_id")))
        .hasSize(SystemEvents.KEEP_PER_TYPE).startsWith("p5").endsWith("p29");
    assertThat(heard.stream().filter(e -> "health".equals(e.getString("type")))).hasSize(1);
    assertThat(heard).allSatisfy(e -> assertThat(e.getString("node")).isEqualTo(events.node()));
  }
}
