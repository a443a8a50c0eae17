package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's per-route traffic: counts and the p99 read from the log-scale histogram. */
class TrafficTest {
  @Test
  void theP99OfMergedSecondsIsWithinABucketOfTheTrueOne() {
    Traffic one = new Traffic();
    Traffic other = new Traffic();
    // 990 fast requests (1 ms) and 10 slow ones (80 ms) over two recorders: p99 is the fast ones' bucket
    for (int i = 0; i < 495; i++) {
      one.record("GET /users/:id", 1_000_000);
      other.record("GET /users/:id", 1_000_000);
    }
    for (int i = 0; i < 10; i++) {
      other.record("GET /users/:id", 80_000_000);
    }
    other.record("POST /ping", 500_000);
    Map<String, Map<Integer, Long>> minute = new HashMap<>();
    Traffic.merge(minute, one.drain());
    Traffic.merge(minute, other.drain());
    assertThat(Traffic.count(minute.get("GET /users/:id"))).isEqualTo(1_000);
    assertThat(Traffic.p99(minute.get("GET /users/:id"))).isCloseTo(1.0, within(0.2));
    assertThat(Traffic.count(minute.get("POST /ping"))).isEqualTo(1);
    // one more slow request makes the 99th percentile a slow one
    Traffic late = new Traffic();
    late.record("GET /users/:id", 80_000_000);
    Traffic.merge(minute, late.drain());
    assertThat(Traffic.p99(minute.get("GET /users/:id"))).isCloseTo(80.0, within(80.0 * 0.2));
  }

  @Test
  void aDrainedSecondStartsEmpty() {
    Traffic traffic = new Traffic();
    traffic.record("POST /ping", 1_000);
    JsonObject second = traffic.drain();
    assertThat(second.getJsonArray("POST /ping")).hasSize(1);
    assertThat(traffic.isEmpty()).isTrue();
    assertThat(traffic.drain().isEmpty()).isTrue();
  }
}
