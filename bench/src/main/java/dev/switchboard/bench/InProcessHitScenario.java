package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2, in process: {@code GET /users/{id}} answered from the standalone jar's in-process cache, run
 * with the benchmark's JVM flags, like H0.
 */
final class InProcessHitScenario {
  private InProcessHitScenario() {
  }

  /** The standalone jar with the benchmark's JVM flags, on {@code port}. */
  static List<String> command(Bench b, int port) {
    Path jar = b.root.resolve("standalone/target/switchboard.jar");
    List<String> tuned = new ArrayList<>(List.of(b.java));
    tuned.addAll(Bench.JVM_OPTIONS);
    tuned.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-Dswitchboard.http.port=" + port, "-jar",
        jar.toString(), "-instances", Integer.toString(b.cores)));
    return tuned;
  }

  static void measure(Bench b, int port, Path dir) throws Exception {
    try (Proc standalone = Proc.start("standalone", command(b, port), dir, b.work, Map.of())) {
      standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      String url = b.cachedUser(port, "solo_" + b.run);
      b.warmUp(url, b.connections, null, List.of(), Map.of());
      Wrk.Result r = b.load(url, b.connections, null, List.of(), Map.of());
      b.row(new Row("2 GET /users/{id} cache hit, in-process (standalone)", r.rps(), r.p50ms(), r.p99ms(), "H0",
          b.limitRps("H0"), 0.6, "non-2xx=" + r.non2xx(), r.non2xx() == 0));
    }
  }
}
