package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** Scenario 5: {@code POST /queue/neworder}, the durable intake: every 202 one order, none twice. */
final class IntakeScenario {
  private IntakeScenario() {
  }

  /** Measures it on the running system: {@code port} its HTTP port, {@code userId} a user it holds. */
  static void measure(Bench b, int port, int userId) throws Exception {
    String base = "http://127.0.0.1:" + port;
    Map<String, String> user = Map.of("BENCH_USER_ID", Integer.toString(userId));
    b.warmUp(base + "/queue/neworder", b.connections, b.script("neworder.lua"), List.of(), user);
    Wrk.Result r = b.load(base + "/queue/neworder", b.connections, b.script("neworder.lua"), List.of(), user);
    long accepted = Bench.awaitStable(() -> Bench.served(port, "/queue/neworder", 202), -1);
    long rows = Bench.awaitStable(() -> b.count("SELECT count(*) FROM orders WHERE request_id IS NOT NULL"), accepted);
    long distinct = b.count("SELECT count(DISTINCT request_id) FROM orders");
    b.row(new Row("5 POST /queue/neworder", r.rps(), r.p50ms(), r.p99ms(), "P0", b.limitRps("P0"), 0.5,
        "202s=" + accepted + " rows=" + rows + " distinct=" + distinct + Bench.others(r, 202),
        rows >= accepted && distinct == rows && r.status(202) > 0));
  }
}
