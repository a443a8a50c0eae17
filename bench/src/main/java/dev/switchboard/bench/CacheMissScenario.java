package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** Scenario 3: {@code GET /users/{id}} past the cache, over the event bus to PostgreSQL. */
final class CacheMissScenario {
  /** Its row's name (PeerScenario compares with it). */
  static final String NAME = "3 GET /users/{id} cache miss, event bus → PostgreSQL";

  private CacheMissScenario() {
  }

  /** Measures it on the running system: {@code port} its HTTP port, {@code userId} a user it holds. */
  static void measure(Bench b, int port, int userId) throws Exception {
    String base = "http://127.0.0.1:" + port;
    int first = b.insertUsers(1_000);
    Map<String, String> ids = Map.of("BENCH_USERS", "1000", "BENCH_FIRST_ID", Integer.toString(first));
    b.warmUp(base, b.connections, b.script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
    Wrk.Result r = b.load(base, b.connections, b.script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
    b.row(new Row(NAME, r.rps(), r.p50ms(), r.p99ms(), "D0",
        b.limitRps("D0"), 0.6, "non-2xx=" + r.non2xx() + " errors=" + r.socketErrors(), r.non2xx() == 0));
  }
}
