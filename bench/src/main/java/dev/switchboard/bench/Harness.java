package dev.switchboard.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.testing.TestData;
import dev.switchboard.user.Argon2Phc;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The benchmark harness: measures, in one run on one machine, the limits of the parts the system runs on
 * (H0 a bare Vert.x server, P0 RabbitMQ PerfTest, D0 pgbench, C0 redis-benchmark, R0 a plain AMQP
 * request/reply loop, the Argon2id hashing limit) and each path of the system, then prints one table with
 * the ratios and the correctness counters. Everything it starts, it stops; everything it creates (databases,
 * queues, cache keys), it removes. Loopback only.
 *
 * <p>Usage (see bench/run.sh): {@code Harness [--duration S] [--warmup S] [--connections N] [--only 1,2r,...]}
 */
public final class Harness {
  private final Duration duration;
  private final Duration warmup;
  private final int connections;
  private final Set<String> only;
  private final Path root;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final Path work;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final String java = ProcessHandle.current().info().command().orElse("java");
  private final String classpath = System.getProperty("java.class.path");
  private final String pgHost = env("BENCH_PG_HOST", "127.0.0.1");
  private final int pgPort = Integer.parseInt(env("BENCH_PG_PORT", "5432"));
  private final String pgUser = env("BENCH_PG_USER", "postgres");
  private final String pgPassword = env("BENCH_PG_PASSWORD", "");
  private final String amqp = env("BENCH_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  private final String redisHost = env("BENCH_REDIS_HOST", "127.0.0.1");
  private final int redisPort = Integer.parseInt(env("BENCH_REDIS_PORT", "6379"));
  /** Every JVM of the system under test, and H0 and the hash timing, runs with these. */
  static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
  private final String database = "bench_" + run;
  private final String pgbenchDatabase = "bench_pgbench_" + run;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Row> limits = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> queues = new ArrayList<>();
  private static final int MAX_WARMUP_ROUNDS = 12;

  private Harness(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--duration", "10")));
    warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--warmup", "5")));
    connections = Integer.parseInt(options.getOrDefault("--connections", "64"));
    only = new HashSet<>(List.of(options.getOrDefault("--only", "all").split(",")));
    root = Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
    work = root.resolve("bench/target/run-" + run);
  }

  public static void main(String[] args) throws Exception {
    new Harness(args).runAll();
  }

  private boolean wanted(String scenario) {
    return only.contains("all") || only.contains(scenario);
  }

  private void runAll() throws Exception {
    Files.createDirectories(work);
    log("Run " + run + ": " + duration.toSeconds() + " s per measurement after " + warmup.toSeconds()
        + " s of warm-up, " + connections + " connections, " + cores + " cores; logs in " + work);
    try {
      createDatabase(database);
      measureLimits();
      measureSystem();
      measureRpc();
      measureStandalone();
    } finally {
      cleanUp();
    }
    report();
  }

  // ---------------------------------------------------------------------------------------------- limits

  private void measureLimits() throws Exception {
    if (wanted("H0") || wanted("2r") || wanted("2l")) {
      int port = freePort();
      List<String> h0Command = new ArrayList<>(List.of(java));
      h0Command.addAll(JVM_OPTIONS);
      h0Command.addAll(List.of("-cp", classpath, BareServer.class.getName(), Integer.toString(port),
          Integer.toString(cores)));
      try (Proc h0 = Proc.start("h0", h0Command, work, work, Map.of())) {
        h0.awaitHttp(port, "/users/1", Duration.ofSeconds(30));
        warmUp("http://127.0.0.1:" + port + "/users/1", connections, null, List.of(), Map.of());
        Wrk.Result r = load("http://127.0.0.1:" + port + "/users/1", connections, null, List.of(), Map.of());
        limit("H0", Row.limit("H0 bare Vert.x JSON GET", r.rps(), r.p50ms(), r.p99ms(), cores + " event loops"));
      }
    }
    if (wanted("P0") || wanted("1") || wanted("5")) {
      String queue = "bench.p0." + run;
      declareQueue(queue);
      String out = Proc.run(List.of(java, "-cp", classpath, "com.rabbitmq.perf.PerfTest", "-h", amqp, "-u", queue, "-p",
          "-x", "1", "-y", "1", "-f", "persistent", "-c", Integer.toString(connections), "-q", "100", "-s", "100",
          "-z", Long.toString(duration.plus(warmup).toSeconds()), "-ms"), duration.plus(warmup).plusSeconds(60), Map.of());
      Files.writeString(work.resolve("perftest.log"), out);
      double received = number(out, "receiving rate avg: ([0-9.]+) msg/s");
      Matcher latency = Pattern.compile("consumer latency min/median/75th/95th/99th ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms")
          .matcher(out);
      double p50 = -1;
      double p99 = -1;
      while (latency.find()) {
        p50 = Double.parseDouble(latency.group(2));
        p99 = Double.parseDouble(latency.group(5));
      }
      limit("P0", Row.limit("P0 RabbitMQ PerfTest", received, p50, p99,
          "persistent, durable queue, confirms (≤ " + connections + " unconfirmed), acks, 100 B, 1 producer + 1 consumer"));
    }
    if (wanted("D0") || wanted("3")) {
      createDatabase(pgbenchDatabase);
      Map<String, String> pgEnv = Map.of("PGPASSWORD", pgPassword);
      Proc.run(List.of("pgbench", "-i", "-s", "10", "-q", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser,
          pgbenchDatabase), Duration.ofMinutes(5), pgEnv);
      pgbench(warmup, pgEnv);
      String out = pgbench(duration, pgEnv);
      Files.writeString(work.resolve("pgbench.log"), out);
      limit("D0", Row.limit("D0 pgbench -S -M prepared", number(out, "tps = ([0-9.]+)"),
          number(out, "latency average = ([0-9.]+) ms"), -1, "8 clients (the pool size), 2 threads; p50 column: average"));
    }
    if (wanted("C0")) {
      String out = Proc.run(List.of("redis-benchmark", "-h", redisHost, "-p", Integer.toString(redisPort), "-t", "get",
          "-n", "500000", "-c", "50", "--csv"), Duration.ofMinutes(5), Map.of());
      Files.writeString(work.resolve("redis-benchmark.log"), out);
      String[] csv = out.lines().filter(l -> l.startsWith("\"GET\"")).findFirst().orElseThrow().replace("\"", "")
          .split(",");
      limit("C0", Row.limit("C0 redis-benchmark -t get", Double.parseDouble(csv[1]), Double.parseDouble(csv[4]),
          Double.parseDouble(csv[6]), "50 clients"));
    }
    if (wanted("R0") || wanted("4")) {
      for (int inFlight : new int[] {16, 1}) {
        String out = Proc.run(List.of(java, "-cp", classpath, RpcLoop.class.getName(), amqp, Integer.toString(inFlight),
            Long.toString(duration.toSeconds()), Long.toString(warmup.toSeconds())), duration.plus(warmup).plusSeconds(60),
            Map.of());
        Matcher m = Pattern.compile("rps=([0-9.]+) p50_us=(\\d+) p99_us=(\\d+)").matcher(out);
        if (!m.find()) {
          throw new IllegalStateException("RpcLoop: " + out);
        }
        limit(inFlight == 16 ? "R0" : "R0-1", Row.limit("R0 AMQP request/reply, " + inFlight + " in flight",
            Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)) / 1000.0, Long.parseLong(m.group(3)) / 1000.0,
            "amqp-client, manual ack, prefetch 100"));
      }
    }
    if (wanted("WQ")) {
      String out = Proc.run(List.of(java, "-cp", classpath, ClientComparison.class.getName(), amqp, "60000", "5"),
          Duration.ofMinutes(15), Map.of());
      Files.writeString(work.resolve("client-comparison.log"), out);
      for (String client : new String[] {"system", "library"}) {
        Matcher m = Pattern.compile(client + " rps=([0-9.]+) cpu_us=([0-9.]+)").matcher(out);
        if (!m.find()) {
          throw new IllegalStateException("ClientComparison: " + out);
        }
        limit(client.equals("system") ? "WQ" : "WQ-lib", Row.limit("WQ work queue on "
                + (client.equals("system") ? "the system's RabbitMQ layer" : "vertx-rabbitmq-client 5.0.8"),
            Double.parseDouble(m.group(1)), -1, -1, "persistent 100 B, confirms (≤ 64), manual acks, one JVM; JVM CPU "
                + m.group(2) + " µs per message (5th of 5 rounds of 60,000)"));
      }
    }
    if (wanted("HASH") && !wanted("6")) {
      hashLimit("HASH", "Argon2id hashing limit");
    }
  }

  /**
   * The Argon2id hashing limit: cores ÷ one hash's time. Hashing is memory-bound and this figure moves by
   * up to 2× within minutes on a shared VM, so scenario 6 measures it right before and right after itself.
   */
  private void hashLimit(String key, String name) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, HashLimit.class.getName()));
    String out = Proc.run(command, Duration.ofMinutes(5), Map.of());
    double ms = number(out, "HASH ms=([0-9.]+)");
    double parallel = number(out, "HASH parallel_per_s=([0-9.]+)");
    limit(key, Row.limit(name, cores * 1000.0 / ms, ms, -1,
        String.format(Locale.ROOT, "%d cores ÷ %.1f ms per hash (m=%d KiB, t=%d, p=%d); every core hashing at"
            + " once, measured: %.0f/s", cores, ms, Argon2Phc.MEMORY_KIB, Argon2Phc.ITERATIONS,
            Argon2Phc.PARALLELISM, parallel)));
  }

  private String pgbench(Duration time, Map<String, String> pgEnv) {
    return Proc.run(List.of("pgbench", "-S", "-M", "prepared", "-c", "8", "-j", "2", "-T", Long.toString(time.toSeconds()),
        "-n", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser, pgbenchDatabase), time.plusSeconds(60), pgEnv);
  }

  // -------------------------------------------------------------------------------- the system, one JVM

  /** Scenarios 1, 2 (Redis), 3, 5, 6: the standalone jar on the local PostgreSQL, RabbitMQ and Redis. */
  private void measureSystem() throws Exception {
    if (!(wanted("1") || wanted("2r") || wanted("3") || wanted("5") || wanted("6"))) {
      return;
    }
    int port = freePort();
    Path conf = writeConfig("system.json", systemConfig(port));
    try (Proc sys = Proc.start("system", systemJvm(root.resolve("standalone/target/switchboard.jar"), conf), work, work,
        Map.of())) {
      sys.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      String base = "http://127.0.0.1:" + port;
      int userId = new JsonObject(Proc.post(port, "/users", userJson("bench_" + run))).getInteger("user_id");

      if (wanted("1")) {
        warmUp(base + "/ping", connections, script("ping.lua"), List.of(), Map.of());
        Wrk.Result r = load(base + "/ping", connections, script("ping.lua"), List.of(), Map.of());
        long accepted = awaitStable(() -> served(port, "/ping", 202), -1);
        long stored = awaitStable(() -> metric(port, "switchboard_pong_stored") + metric(port, "switchboard_pong_evictions_total"),
            accepted);
        row(new Row("1 POST /ping through RabbitMQ", r.rps(), r.p50ms(), r.p99ms(), "P0", limitRps("P0"), 0.6,
            "202s=" + accepted + " stored=" + stored + others(r, 202), stored >= accepted && r.status(202) > 0));
      }
      if (wanted("2r")) {
        Proc.get(port, "/users/" + userId);
        double hitsBefore = metric(port, "switchboard_cache_requests_total{result=\"hit\",store=\"redis\"}");
        warmUp(base + "/users/" + userId, connections, null, List.of(), Map.of());
        Wrk.Result r = load(base + "/users/" + userId, connections, null, List.of(), Map.of());
        double hits = metric(port, "switchboard_cache_requests_total{result=\"hit\",store=\"redis\"}") - hitsBefore;
        row(new Row("2 GET /users/{id} cache hit, Redis", r.rps(), r.p50ms(), r.p99ms(), "H0", limitRps("H0"), 0.4,
            String.format(Locale.ROOT, "hits=%.0f non-2xx=%d", hits, r.non2xx()), r.non2xx() == 0 && hits > 0));
      }
      if (wanted("3")) {
        int first = insertUsers(1_000);
        Map<String, String> ids = Map.of("BENCH_USERS", "1000", "BENCH_FIRST_ID", Integer.toString(first));
        warmUp(base, connections, script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
        Wrk.Result r = load(base, connections, script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
        row(new Row("3 GET /users/{id} cache miss, event bus → PostgreSQL", r.rps(), r.p50ms(), r.p99ms(), "D0",
            limitRps("D0"), 0.5, "non-2xx=" + r.non2xx() + " errors=" + r.socketErrors(), r.non2xx() == 0));
      }
      if (wanted("5")) {
        Map<String, String> user = Map.of("BENCH_USER_ID", Integer.toString(userId));
        warmUp(base + "/queue/neworder", connections, script("neworder.lua"), List.of(), user);
        Wrk.Result r = load(base + "/queue/neworder", connections, script("neworder.lua"), List.of(), user);
        long accepted = awaitStable(() -> served(port, "/queue/neworder", 202), -1);
        long rows = awaitStable(() -> count("SELECT count(*) FROM orders WHERE request_id IS NOT NULL"), accepted);
        long distinct = count("SELECT count(DISTINCT request_id) FROM orders");
        row(new Row("5 POST /queue/neworder", r.rps(), r.p50ms(), r.p99ms(), "P0", limitRps("P0"), 0.5,
            "202s=" + accepted + " rows=" + rows + " distinct=" + distinct + others(r, 202),
            rows >= accepted && distinct == rows && r.status(202) > 0));
      }
      if (wanted("6")) {
        Map<String, String> vars = Map.of("BENCH_RUN", run);
        Histogram health = new Histogram(60_000_000L, 3);
        AtomicBoolean probing = new AtomicBoolean(true);
        AtomicLong probeFailures = new AtomicLong();
        Thread probe = new Thread(() -> probeHealth(port, probing, health, probeFailures), "health-probe");
        warmUp(base, 16, script("users.lua"), List.of(), Map.of("BENCH_RUN", run + "w"));
        hashLimit("HASH-before", "Argon2id hashing limit, right before 6");
        probe.start();
        Wrk.Result r = load(base, 16, script("users.lua"), List.of(), vars);
        probing.set(false);
        probe.join();
        hashLimit("HASH-after", "Argon2id hashing limit, right after 6");
        // compared with the higher of the two: the harder goal
        double hashLimit = Math.max(limitRps("HASH-before"), limitRps("HASH-after"));
        double healthP99 = health.getValueAtPercentile(99) / 1000.0;
        long created = awaitStable(() -> served(port, "/users", 201), -1);
        long rowsCreated = count("SELECT count(*) FROM users WHERE nick_name NOT LIKE 'r" + run + "%'");
        row(new Row("6 POST /users (Argon2id), 16 connections", r.rps(), r.p50ms(), r.p99ms(), "HASH (higher)", hashLimit,
            0.9, "201s=" + created + " rows=" + rowsCreated + others(r, 201), rowsCreated >= created && created > 0));
        long probes = health.getTotalCount();
        row(Row.latency("6 GET /health while 6 runs: p99 under 10 ms", Double.NaN, health.getValueAtPercentile(50) / 1000.0,
            healthP99, "p99 < 10 ms", healthP99 < 10, String.format(Locale.ROOT, "%d probes, max %.2f ms, non-200=%d", probes,
                health.getMaxValue() / 1000.0, probeFailures.get()), probes > 0 && probeFailures.get() == 0));
      }
    }
  }

  /** Scenario 4: the gateway and the user service in two JVMs, calls over RabbitMQ request/reply. */
  private void measureRpc() throws Exception {
    if (!wanted("4")) {
      return;
    }
    int gatewayPort = freePort();
    int userPort = freePort();
    JsonObject config = systemConfig(gatewayPort);
    config.put("transport", new JsonObject().put("user", "rabbitmq").put("order", "eventbus").put("ping", "eventbus"));
    config.remove("http");
    Path conf = writeConfig("rpc.json", config);
    try (Proc user = Proc.start("rpc-user", jvm(root.resolve("user-verticle/target/user-verticle.jar"), conf, userPort),
        work, work, Map.of());
         Proc gateway = Proc.start("rpc-gateway", jvm(root.resolve("gateway-verticle/target/gateway-verticle.jar"), conf,
             gatewayPort), work, work, Map.of())) {
      user.awaitHttp(userPort, "/ready", Duration.ofSeconds(120));
      gateway.awaitHttp(gatewayPort, "/ready", Duration.ofSeconds(120));
      int first = insertUsers(1_000);
      Proc.sleep(1_000);
      gateway.awaitHttp(gatewayPort, "/users/" + first, Duration.ofSeconds(30));
      String base = "http://127.0.0.1:" + gatewayPort;
      Map<String, String> ids = Map.of("BENCH_USERS", "1000", "BENCH_FIRST_ID", Integer.toString(first));
      warmUp(base, 16, script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      Wrk.Result r = load(base, 16, script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      row(new Row("4 GET /users/{id} uncached, user service in another JVM over RabbitMQ RPC (16 in flight)", r.rps(),
          r.p50ms(), r.p99ms(), "R0", limitRps("R0"), 0.5, "non-2xx=" + r.non2xx(), r.non2xx() == 0));
      Wrk.Result one = Wrk.run(base, 1, 1, duration, script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      Row r01 = limits.get("R0-1");
      double allowed = r01 == null ? Double.NaN : r01.p50ms() + 1.0;
      row(Row.latency("4 same, 1 in flight: p50 within 1 ms of R0's", one.rps(), one.p50ms(), one.p99ms(),
          String.format(Locale.ROOT, "p50 ≤ R0 1 in flight p50 + 1 ms = %.2f ms", allowed), one.p50ms() <= allowed,
          "non-2xx=" + one.non2xx(), one.non2xx() == 0));
    }
  }

  /**
   * Scenarios 2 (in process) and 7: the standalone jar with embedded PostgreSQL. 2 runs it with the
   * benchmark's JVM flags, like H0; 7 runs it exactly as the README's command does (default heap, logs on).
   */
  private void measureStandalone() throws Exception {
    if (!(wanted("2l") || wanted("7"))) {
      return;
    }
    int port = freePort();
    Path dir = work.resolve("standalone");
    Path jar = root.resolve("standalone/target/switchboard.jar");
    List<String> tuned = new ArrayList<>(List.of(java));
    tuned.addAll(JVM_OPTIONS);
    tuned.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-Dswitchboard.http.port=" + port, "-jar",
        jar.toString(), "-instances", Integer.toString(cores)));
    try (Proc init = Proc.start("standalone-init", tuned, dir, work, Map.of())) {
      init.awaitHttp(port, "/ready", Duration.ofSeconds(180));
    }
    if (wanted("2l")) {
      try (Proc standalone = Proc.start("standalone", tuned, dir, work, Map.of())) {
        standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
        String url = cachedUser(port, "solo_" + run);
        warmUp(url, connections, null, List.of(), Map.of());
        Wrk.Result r = load(url, connections, null, List.of(), Map.of());
        row(new Row("2 GET /users/{id} cache hit, in-process (standalone)", r.rps(), r.p50ms(), r.p99ms(), "H0",
            limitRps("H0"), 0.6, "non-2xx=" + r.non2xx(), r.non2xx() == 0));
      }
    }
    if (wanted("7")) {
      List<String> plain = List.of(java, "-Dswitchboard.http.port=" + port, "-jar", jar.toString());
      try (Proc standalone = Proc.start("standalone-plain", plain, dir, work, Map.of())) {
        Duration ready = standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
        String url = cachedUser(port, "plain_" + run);
        load("http://127.0.0.1:" + port + "/ping", connections, script("ping.lua"), List.of(), Map.of());
        Wrk.Result r = load(url, connections, null, List.of(), Map.of());
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postgres/postmaster.pid")).get(0).trim());
        long[] memory = {standalone.rssMib(), Proc.treePssMib(postmaster)};
        row(new Row("7 standalone jar as the README runs it (embedded PostgreSQL initialised)", Double.NaN, -1, -1, "",
            Double.NaN, Double.NaN, String.format(Locale.ROOT, "time to ready %.2f s; after %d s of POST /ping and %d s"
                + " of GET /users/{id}: JVM resident %d MiB, embedded PostgreSQL %d MiB (proportional set size)",
                ready.toMillis() / 1000.0, duration.toSeconds(), duration.toSeconds(), memory[0], memory[1]),
            r.non2xx() == 0));
      }
    }
  }

  /** Creates a user and reads it once (filling the cache); returns its URL. */
  private String cachedUser(int port, String nick) {
    int userId = new JsonObject(Proc.post(port, "/users", userJson(nick))).getInteger("user_id");
    Proc.get(port, "/users/" + userId);
    return "http://127.0.0.1:" + port + "/users/" + userId;
  }

  // ------------------------------------------------------------------------------------------- plumbing

  /**
   * Warms the path up until its throughput is steady: rounds of {@code --warmup} seconds until two rounds in
   * a row are no more than 5 % faster than the fastest before them (at most {@value #MAX_WARMUP_ROUNDS}
   * rounds). The JIT compilers of a path through two JVMs share the cores with the load, and such a path
   * can stay flat for a round or two and then double: one fixed warm-up under-reports it.
   */
  private void warmUp(String url, int conns, Path script, List<String> headers, Map<String, String> vars) {
    double best = 0;
    int calm = 0;
    List<String> seen = new ArrayList<>();
    for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
      Map<String, String> roundVars = new LinkedHashMap<>(vars);
      roundVars.put("BENCH_ROUND", Integer.toString(round)); // scripts that create things keep names unique
      double rps = load(url, conns, script, headers, roundVars, warmup).rps();
      seen.add(String.format(Locale.ROOT, "%.0f", rps));
      if (round > 1 && rps <= best * 1.05) {
        calm++;
      } else {
        calm = 0;
      }
      best = Math.max(best, rps);
      if (calm == 2) {
        log("warm after " + round + " rounds (req/s: " + String.join(", ", seen) + ")");
        return;
      }
    }
    log("still speeding up after " + MAX_WARMUP_ROUNDS + " warm-up rounds (req/s: " + String.join(", ", seen)
        + "); measuring anyway");
  }

  private Wrk.Result load(String url, int conns, Path script, List<String> headers, Map<String, String> vars) {
    return load(url, conns, script, headers, vars, duration);
  }

  private Wrk.Result load(String url, int conns, Path script, List<String> headers, Map<String, String> vars,
                          Duration time) {
    Map<String, String> env = new LinkedHashMap<>(vars);
    env.put("BENCH_SCRIPTS", root.resolve("bench/scripts").toString());
    return Wrk.run(url, Math.min(cores, conns), conns, time, script, headers, env);
  }

  private Path script(String name) {
    return root.resolve("bench/scripts").resolve(name);
  }

  private List<String> systemJvm(Path jar, Path conf) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-jar", jar.toString(), "-conf", conf.toString(),
        "-instances", Integer.toString(cores)));
    return command;
  }

  private List<String> jvm(Path jar, Path conf, int port) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-Dswitchboard.http.port=" + port, "-jar",
        jar.toString(), "-conf", conf.toString(), "-instances", Integer.toString(cores)));
    return command;
  }

  private JsonObject systemConfig(int port) {
    JsonObject queuesJson = new JsonObject();
    for (String[] q : new String[][] {{"ping", "mensagens_async"}, {"user", "user"}, {"order", "order"},
        {"orderIntake", "create_order_queue"}, {"pingRpc", "ping"}, {"pongRpc", "pong"}}) {
      String name = "bench." + q[1] + "." + run;
      queuesJson.put(q[0], name);
      queues.add(name);
      queues.add(name + ".dlq");
      queues.add(name + ".retry");
    }
    return new JsonObject()
        .put("http", new JsonObject().put("port", port))
        .put("postgres", new JsonObject().put("embedded", false).put("host", pgHost).put("port", pgPort)
            .put("database", database).put("user", pgUser).put("password", pgPassword))
        .put("rabbitmq", new JsonObject().put("enabled", true).put("uri", amqp))
        .put("redis", new JsonObject().put("enabled", true).put("uri", "redis://" + redisHost + ":" + redisPort))
        .put("queues", queuesJson)
        .put("cache", new JsonObject().put("prefix", "bench-" + run))
        .put("ping", new JsonObject().put("capacity", 5_000_000));
  }

  private Path writeConfig(String name, JsonObject config) throws IOException {
    Path file = work.resolve(name);
    Files.writeString(file, config.encodePrettily());
    return file;
  }

  private static String userJson(String nick) {
    return TestData.newUser(nick, "benchmark-password").encode();
  }

  /** Bulk users for the read scenarios (their password column holds a real hash, never used here). */
  private int insertUsers(int count) throws SQLException {
    String hash = Argon2Phc.encode("not-used-by-reads", new SecureRandom());
    try (var c = DriverManager.getConnection(jdbc(database), pgUser, pgPassword); Statement s = c.createStatement()) {
      var rs = s.executeQuery("INSERT INTO users (nick_name, password, full_name, cpf, email, phone_number, created_at,"
          + " updated_at) SELECT 'r" + run + "_' || g || '_' || (SELECT count(*) FROM users), '" + hash
          + "', 'Read Bench', '52998224725', 'r' || g || '@example.com', '+55 11 98765-4321', now(), now()"
          + " FROM generate_series(1, " + count + ") g RETURNING user_id");
      int first = Integer.MAX_VALUE;
      while (rs.next()) {
        first = Math.min(first, rs.getInt(1));
      }
      return first;
    }
  }

  private long count(String sql) {
    try (var c = DriverManager.getConnection(jdbc(database), pgUser, pgPassword); Statement s = c.createStatement();
         var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void createDatabase(String name) throws SQLException {
    try (var c = DriverManager.getConnection(jdbc("postgres"), pgUser, pgPassword); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  private String jdbc(String db) {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
  }

  private void declareQueue(String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(amqp);
    try (Connection c = factory.newConnection("bench-setup"); Channel ch = c.createChannel()) {
      ch.queueDeclare(queue + ".dlq", true, false, false, null);
      ch.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key",
          queue + ".dlq"));
    }
    queues.add(queue);
    queues.add(queue + ".dlq");
    queues.add(queue + ".retry");
  }

  /** Waits until {@code value} reaches {@code expected} or stops moving for 5 s; returns the last value. */
  private static long awaitStable(java.util.function.LongSupplier value, long expected) {
    long last = value.getAsLong();
    long lastChange = System.nanoTime();
    while (last != expected && System.nanoTime() - lastChange < 5_000_000_000L) {
      Proc.sleep(200);
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return last;
  }

  /**
   * One metric from the /metrics of the process serving {@code port} (on its operations port, by default the
   * public one + 1000): the sum over the series named {@code name} that carry every one of {@code labels}
   * (given as {@code key="value"}).
   */
  private static long metric(int port, String name, String... labels) {
    double sum = 0;
    for (String line : Proc.get(port + 1000, "/metrics").split("\n")) {
      if (!(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= line.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Math.round(sum);
  }

  /** Responses with {@code status} the server sent on {@code route}: counted where they leave, not where wrk reads. */
  private static long served(int port, String route, int status) {
    return metric(port, "vertx_http_server_requests_total", "route=\"" + route + "\"", "code=\"" + status + "\"");
  }

  private static void probeHealth(int port, AtomicBoolean running, Histogram histogram, AtomicLong failures) {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build();
    while (running.get()) {
      long start = System.nanoTime();
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        histogram.recordValue((System.nanoTime() - start) / 1_000);
        if (status != 200) {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        histogram.recordValue(10_000_000);
        failures.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Proc.sleep(10);
    }
  }

  private static String others(Wrk.Result r, int expected) {
    long others = r.statuses().entrySet().stream().filter(e -> e.getKey() != expected).mapToLong(Map.Entry::getValue).sum();
    return others == 0 && r.socketErrors() == 0 ? "" : " other=" + others + " socket-errors=" + r.socketErrors();
  }

  private double limitRps(String name) {
    Row limit = limits.get(name);
    return limit == null ? Double.NaN : limit.rps();
  }

  private void limit(String key, Row row) {
    limits.put(key, row);
    log(row.markdown());
  }

  private void row(Row row) {
    rows.add(row);
    log(row.markdown());
  }

  private void cleanUp() {
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(amqp);
      try (Connection c = factory.newConnection("bench-cleanup")) {
        for (String queue : queues) {
          try (Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
          } catch (Exception e) {
            // not there
          }
        }
      }
    } catch (Exception e) {
      notes.add("could not delete the benchmark queues: " + e.getMessage());
    }
    for (String db : List.of(database, pgbenchDatabase)) {
      try (var c = DriverManager.getConnection(jdbc("postgres"), pgUser, pgPassword); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      } catch (SQLException e) {
        notes.add("could not drop " + db + ": " + e.getMessage());
      }
    }
    try {
      Proc.run(List.of("sh", "-c", "redis-cli -h " + redisHost + " -p " + redisPort + " --scan --pattern 'bench-" + run
          + ":*' | xargs -r redis-cli -h " + redisHost + " -p " + redisPort + " del"), Duration.ofMinutes(1), Map.of());
    } catch (RuntimeException e) {
      notes.add("could not delete the benchmark cache keys: " + e.getMessage());
    }
  }

  private void report() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Switchboard benchmark ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
        .append("\n\n").append(cores).append(" cores, ").append(duration.toSeconds()).append(" s per measurement after ")
        .append(warmup.toSeconds()).append(" s warm-up, wrk with ").append(connections).append(" connections unless said.")
        .append(" Java ").append(System.getProperty("java.version")).append(".\n\n");
    md.append("## Limits\n\n").append(Row.header()).append('\n');
    limits.values().forEach(r -> md.append(r.markdown()).append('\n'));
    md.append("\n## Scenarios\n\n").append(Row.header()).append('\n');
    rows.forEach(r -> md.append(r.markdown()).append('\n'));
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    Path results = root.resolve("bench/results");
    Files.createDirectories(results);
    Path file = results.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
    Files.writeString(file, md);
    System.out.println();
    System.out.println(md);
    System.out.println("Written to " + file);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("'" + regex + "' not found in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static int freePort() {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void log(String line) {
    System.out.println("[bench] " + line);
  }
}
