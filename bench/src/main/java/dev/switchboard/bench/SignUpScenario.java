package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/** Scenario 6: {@code POST /users} (Argon2id) against the hashing limit, with {@code /health} probed meanwhile. */
final class SignUpScenario {
  private SignUpScenario() {
  }

  /** Measures it on the running system: {@code port} its HTTP port, {@code userId} a user it holds. */
  static void measure(Bench b, int port, int userId) throws Exception {
    String base = "http://127.0.0.1:" + port;
    Map<String, String> vars = Map.of("BENCH_RUN", b.run);
    Histogram health = new Histogram(60_000_000L, 3);
    AtomicBoolean probing = new AtomicBoolean(true);
    AtomicLong probeFailures = new AtomicLong();
    Thread probe = new Thread(() -> Bench.probeHealth(port, probing, health, probeFailures), "health-probe");
    b.warmUp(base, 16, b.script("users.lua"), List.of(), Map.of("BENCH_RUN", b.run + "w"));
    b.hashLimit("HASH-before", "Argon2id hashing limit, right before 6");
    probe.start();
    Wrk.Result r = b.load(base, 16, b.script("users.lua"), List.of(), vars);
    probing.set(false);
    probe.join();
    b.hashLimit("HASH-after", "Argon2id hashing limit, right after 6");
    // compared with the higher of the two: the harder goal
    double hashLimit = Math.max(b.limitRps("HASH-before"), b.limitRps("HASH-after"));
    double healthP99 = health.getValueAtPercentile(99) / 1000.0;
    long created = Bench.awaitStable(() -> Bench.served(port, "/users", 201), -1);
    long rowsCreated = b.count("SELECT count(*) FROM users WHERE nick_name NOT LIKE 'r" + b.run + "%'");
    b.row(new Row("6 POST /users (Argon2id), 16 connections", r.rps(), r.p50ms(), r.p99ms(), "HASH (higher)", hashLimit,
        0.9, "201s=" + created + " rows=" + rowsCreated + Bench.others(r, 201) + "; the system hashed on "
            + systemEngine(b), rowsCreated >= created && created > 0));
    long probes = health.getTotalCount();
    b.row(Row.latency("6 GET /health while 6 runs: p99 under 10 ms", Double.NaN, health.getValueAtPercentile(50) / 1000.0,
        healthP99, "p99 < 10 ms", healthP99 < 10, String.format(Locale.ROOT, "%d probes, max %.2f ms, non-200=%d", probes,
            health.getMaxValue() / 1000.0, probeFailures.get()), probes > 0 && probeFailures.get() == 0));
  }

  /** The engine the system's user service chose at start, from its log line (user.passwordHashing.engine). */
  private static String systemEngine(Bench b) throws IOException {
    Path log = b.work.resolve("system.log");
    Matcher m = Pattern.compile("Password hashing \\(user\\.passwordHashing\\.engine=(\\w+)\\): Argon2id on ([^,\\n]+)")
        .matcher(Files.exists(log) ? Files.readString(log) : "");
    return m.find() ? m.group(2) + " (engine=" + m.group(1) + ")" : "? (no engine line in " + log.getFileName() + ")";
  }
}
