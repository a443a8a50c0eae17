package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** Scenario 1: {@code POST /ping} through RabbitMQ (persistent, confirmed), every 202 stored by the pong side. */
final class PingScenario {
  /** Its row's name (PeerScenario compares with it). */
  static final String NAME = "1 POST /ping through RabbitMQ";

  private PingScenario() {
  }

  /** Measures it on the running system: {@code port} its HTTP port, {@code userId} a user it holds. */
  static void measure(Bench b, int port, int userId) throws Exception {
    String base = "http://127.0.0.1:" + port;
    b.warmUp(base + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of());
    Wrk.Result r = b.load(base + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of());
    long accepted = Bench.awaitStable(() -> Bench.served(port, "/ping", 202), -1);
    long stored = Bench.awaitStable(() -> Bench.metric(port, "switchboard_pong_stored") + Bench.metric(port, "switchboard_pong_evictions_total"),
        accepted);
    b.row(new Row(NAME, r.rps(), r.p50ms(), r.p99ms(), "P0", b.limitRps("P0"), 0.8,
        "202s=" + accepted + " stored=" + stored + Bench.others(r, 202), stored >= accepted && r.status(202) > 0));
  }
}
