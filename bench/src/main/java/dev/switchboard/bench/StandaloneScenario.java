package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 7: the standalone jar run exactly as the README's command does (default heap, logs on, embedded
 * PostgreSQL already initialised): time to ready, and memory after a load.
 */
final class StandaloneScenario {
  private StandaloneScenario() {
  }

  static void measure(Bench b, int port, Path dir) throws Exception {
    Path jar = b.root.resolve("standalone/target/switchboard.jar");
    List<String> plain = List.of(b.java, "-Dswitchboard.http.port=" + port, "-jar", jar.toString());
    // (its key is generated into data/keys of its working directory at the first start, as for a user)
    try (Proc standalone = Proc.start("standalone-plain", plain, dir, b.work, Map.of())) {
      Duration ready = standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      // sign-in is on, as the README runs it: the reads carry a bearer token
      Bench.SignedIn user = b.signedInUser(port, "plain_" + b.run);
      b.load("http://127.0.0.1:" + port + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of());
      Wrk.Result r = b.load(user.url(), b.connections, null, user.header(), Map.of());
      long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postgres/postmaster.pid")).get(0).trim());
      long[] memory = {standalone.rssMib(), Proc.treePssMib(postmaster)};
      boolean met = ready.toMillis() < 1_000 && memory[0] < 256;
      b.row(new Row("7 standalone jar as the README runs it (embedded PostgreSQL initialised)", Double.NaN, -1, -1, "",
          Double.NaN, Double.NaN, String.format(Locale.ROOT, "time to ready %.2f s; after %d s of POST /ping and %d s"
              + " of GET /users/{id}: JVM resident %d MiB, embedded PostgreSQL %d MiB (proportional set size);"
              + " goal ready < 1 s and JVM resident < 256 MiB: %s",
              ready.toMillis() / 1000.0, b.duration.toSeconds(), b.duration.toSeconds(), memory[0], memory[1],
              met ? "met" : "MISSED"),
          r.non2xx() == 0));
    }
  }
}
