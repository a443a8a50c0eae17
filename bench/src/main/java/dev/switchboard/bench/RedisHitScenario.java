package dev.switchboard.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Scenario 2, Redis: {@code GET /users/{id}} answered from the Redis cache. */
final class RedisHitScenario {
  /** Its row's name (PeerScenario compares with it). */
  static final String NAME = "2 GET /users/{id} cache hit, Redis";

  private RedisHitScenario() {
  }

  /** Measures it on the running system: {@code port} its HTTP port, {@code userId} a user it holds. */
  static void measure(Bench b, int port, int userId) throws Exception {
    String base = "http://127.0.0.1:" + port;
    Proc.get(port, "/users/" + userId);
    double hitsBefore = Bench.metric(port, "switchboard_cache_requests_total{result=\"hit\",store=\"redis\"}");
    b.warmUp(base + "/users/" + userId, b.connections, null, List.of(), Map.of());
    Wrk.Result r = b.load(base + "/users/" + userId, b.connections, null, List.of(), Map.of());
    double hits = Bench.metric(port, "switchboard_cache_requests_total{result=\"hit\",store=\"redis\"}") - hitsBefore;
    b.row(new Row(NAME, r.rps(), r.p50ms(), r.p99ms(), "H0", b.limitRps("H0"), 0.5,
        String.format(Locale.ROOT, "hits=%.0f non-2xx=%d", hits, r.non2xx()), r.non2xx() == 0 && hits > 0));
  }
}
