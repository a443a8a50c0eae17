package dev.switchboard.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.testing.TestData;
import dev.switchboard.user.Argon2Phc;
import dev.switchboard.user.BouncyCastleArgon2;
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

// Why one file of this size: it is the one context every scenario class receives — the run's options, where
// the local services are, the helpers that start processes and load, and the table they add rows to. Split
// further, each scenario would take three or four objects instead of one; each helper here is short and
// used by at least two scenarios.
/**
 * What every measurement of the benchmark shares: the options, where the services are, the processes and
 * load it starts, the rows of the table, and the clean-up. {@link Harness} runs the limits and the scenarios
 * on it. (The harness measures, in one run on one machine, the limits of the parts the system runs on
 * (H0 a bare Vert.x server, P0 RabbitMQ PerfTest, D0 pgbench, C0 redis-benchmark, R0 a plain AMQP
 * request/reply loop, the Argon2id hashing limit) and each path of the system, then prints one table with
 * the ratios and the correctness counters. Everything it starts, it stops; everything it creates (databases,
 * queues, cache keys), it removes. Loopback only.
 *
 * <p>Usage (see bench/run.sh): {@code Harness [--duration S] [--warmup S] [--connections N] [--only 1,2r,...,peer]};
 * {@code peer} brings 1 and 3 with it.)
 */
final class Bench {
  final Duration duration;
  final Duration warmup;
  final int connections;
  final Set<String> only;
  final Path root;
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final Path work;
  final int cores = Runtime.getRuntime().availableProcessors();
  final String java = ProcessHandle.current().info().command().orElse("java");
  final String classpath = System.getProperty("java.class.path");
  final String pgHost = env("BENCH_PG_HOST", "127.0.0.1");
  final int pgPort = Integer.parseInt(env("BENCH_PG_PORT", "5432"));
  final String pgUser = env("BENCH_PG_USER", "postgres");
  final String pgPassword = env("BENCH_PG_PASSWORD", "");
  final String amqp = env("BENCH_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  final String redisHost = env("BENCH_REDIS_HOST", "127.0.0.1");
  final int redisPort = Integer.parseInt(env("BENCH_REDIS_PORT", "6379"));
  /** Every JVM of the system under test, and H0 and the hash timing, runs with these. */
  static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
  final String database = "bench_" + run;
  final String pgbenchDatabase = "bench_pgbench_" + run;
  final List<Row> rows = new ArrayList<>();
  /** The system's paths against the peer's ({@link PeerScenario}): their own section and chart group. */
  final List<Row> comparisons = new ArrayList<>();
  final Map<String, Row> limits = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final List<String> queues = new ArrayList<>();
  static final int MAX_WARMUP_ROUNDS = 12;

  Bench(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--duration", "10")));
    warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--warmup", "5")));
    connections = Integer.parseInt(options.getOrDefault("--connections", "64"));
    only = new HashSet<>(List.of(options.getOrDefault("--only", "all").split(",")));
    if (only.contains("peer")) {
      only.addAll(List.of("1", "3")); // the peer is measured against these two paths of the system
    }
    root = Path.of(options.getOrDefault("--root", ".")).toAbsolutePath().normalize();
    work = root.resolve("bench/target/run-" + run);
  }

  boolean wanted(String scenario) {
    return only.contains("all") || only.contains(scenario);
  }

  /**
   * The Argon2id hashing limit: cores ÷ one hash's time, on the fastest engine the user service can use.
   * Each engine (libargon2 through JNA, Bouncy Castle) is measured in a JVM of its own ({@link HashLimit}),
   * and Debian's {@code argon2} command, when installed, as a reference only (the service cannot hash with a
   * command). Rows {@code key-native}, {@code key-bc}, {@code key-cli}, then {@code key}: the fastest
   * engine's figure, the one the scenarios are compared with. Hashing is memory-bound and this figure moves
   * by up to 2× within minutes on a shared VM, so scenario 6 measures it right before and right after itself.
   */
  void hashLimit(String key, String name) {
    Row fastest = null;
    String fastestLabel = null;
    for (String[] engine : new String[][] {{"native", "native"}, {"bouncycastle", "BC"}}) {
      String out = hashLimitRun(engine[0]);
      double ms = number(out, "HASH ms=([0-9.]+)");
      double parallel = number(out, "HASH parallel_per_s=([0-9.]+)");
      Row row = Row.limit("HASH " + engine[1] + ": " + name, cores * 1000.0 / ms, ms, -1,
          String.format(Locale.ROOT, "%d cores ÷ %.1f ms per hash (%s; m=%d KiB, t=%d, p=%d); every core hashing at"
              + " once, measured: %.0f/s", cores, ms, text(out, "HASH engine=\\S+ on=(.+)"), Argon2Phc.MEMORY_KIB,
              Argon2Phc.ITERATIONS, Argon2Phc.PARALLELISM, parallel));
      limit(key + "-" + engine[0], row);
      if (fastest == null || row.rps() > fastest.rps()) {
        fastest = row;
        fastestLabel = engine[1];
      }
    }
    if (HashLimit.commandInstalled()) {
      String out = hashLimitRun("cli");
      double ms = number(out, "HASH ms=([0-9.]+)");
      limit(key + "-cli", Row.limit("HASH argon2 CLI: " + name, cores * 1000.0 / ms, ms, -1,
          String.format(Locale.ROOT, "reference only: %d cores ÷ %.1f ms, the best of 10 runs of Debian's %s by its own"
              + " timing of the hash (CPU clock, whole ms); the whole process, best of 10 with -r: %.1f ms",
              cores, ms, HashLimit.ARGON2_COMMAND, number(out, "HASH process_ms=([0-9.]+)"))));
    } else {
      notes.add("HASH argon2 CLI: " + HashLimit.ARGON2_COMMAND + " is not installed (Debian package argon2); no"
          + " reference row");
    }
    limit(key, Row.limit("HASH: " + name + " = HASH " + fastestLabel + ", the fastest engine", fastest.rps(),
        fastest.p50ms(), -1, "the limit the scenarios are compared with"));
  }

  private String hashLimitRun(String engine) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, HashLimit.class.getName(), engine));
    return Proc.run(command, Duration.ofMinutes(5), Map.of());
  }

  private static String text(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? m.group(1).strip() : "?";
  }

  String pgbench(Duration time, Map<String, String> pgEnv) {
    return Proc.run(List.of("pgbench", "-S", "-M", "prepared", "-c", "8", "-j", "2", "-T", Long.toString(time.toSeconds()),
        "-n", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser, pgbenchDatabase), time.plusSeconds(60), pgEnv);
  }

  /** Creates a user and reads it once (filling the cache); returns its URL. */
  String cachedUser(int port, String nick) {
    int userId = new JsonObject(Proc.post(port, "/users", userJson(nick))).getInteger("user_id");
    Proc.get(port, "/users/" + userId);
    return "http://127.0.0.1:" + port + "/users/" + userId;
  }

  /** A signed-in user: the URL of its resource and its access token. */
  record SignedIn(String url, String token) {
    List<String> header() {
      return List.of("Authorization: Bearer " + token);
    }
  }

  /** Creates a user, signs it in and reads it once with its token (filling the cache). */
  SignedIn signedInUser(int port, String nick) {
    int userId = new JsonObject(Proc.post(port, "/users", userJson(nick))).getInteger("user_id");
    String token = new JsonObject(Proc.post(port, "/auth/login", new JsonObject().put("nick_name", nick)
        .put("password", PASSWORD).encode())).getString("access_token");
    Proc.get(port, "/users/" + userId, token);
    return new SignedIn("http://127.0.0.1:" + port + "/users/" + userId, token);
  }

  // ------------------------------------------------------------------------------------------- plumbing

  /**
   * Warms the path up until its throughput is steady: rounds of {@code --warmup} seconds until two rounds in
   * a row are no more than 5 % faster than the fastest before them (at most {@value #MAX_WARMUP_ROUNDS}
   * rounds). The JIT compilers of a path through two JVMs share the cores with the load, and such a path
   * can stay flat for a round or two and then double: one fixed warm-up under-reports it.
   */
  void warmUp(String url, int conns, Path script, List<String> headers, Map<String, String> vars) {
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

  Wrk.Result load(String url, int conns, Path script, List<String> headers, Map<String, String> vars) {
    return load(url, conns, script, headers, vars, duration);
  }

  Wrk.Result load(String url, int conns, Path script, List<String> headers, Map<String, String> vars,
                          Duration time) {
    Map<String, String> env = new LinkedHashMap<>(vars);
    env.put("BENCH_SCRIPTS", root.resolve("bench/scripts").toString());
    return Wrk.run(url, Math.min(cores, conns), conns, time, script, headers, env);
  }

  Path script(String name) {
    return root.resolve("bench/scripts").resolve(name);
  }

  List<String> systemJvm(Path jar, Path conf) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-jar", jar.toString(), "-conf", conf.toString(),
        "-instances", Integer.toString(cores)));
    return command;
  }

  List<String> jvm(Path jar, Path conf, int port) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-Dswitchboard.http.port=" + port, "-jar",
        jar.toString(), "-conf", conf.toString(), "-instances", Integer.toString(cores)));
    return command;
  }

  JsonObject systemConfig(int port) {
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
        .put("ping", new JsonObject().put("capacity", 5_000_000))
        // the open paths, as before sign-in existed; the bearer scenario turns it on
        .put("auth", new JsonObject().put("enabled", false));
  }

  Path writeConfig(String name, JsonObject config) throws IOException {
    Path file = work.resolve(name);
    Files.writeString(file, config.encodePrettily());
    return file;
  }

  static final String PASSWORD = "benchmark-password";

  static String userJson(String nick) {
    return TestData.newUser(nick, PASSWORD).encode();
  }

  /** Bulk users for the read scenarios (their password column holds a real hash, never used here). */
  int insertUsers(int count) throws SQLException {
    String hash = new Argon2Phc(new BouncyCastleArgon2()).encode("not-used-by-reads", new SecureRandom());
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

  long count(String sql) {
    try (var c = DriverManager.getConnection(jdbc(database), pgUser, pgPassword); Statement s = c.createStatement();
         var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void createDatabase(String name) throws SQLException {
    try (var c = DriverManager.getConnection(jdbc("postgres"), pgUser, pgPassword); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  String jdbc(String db) {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
  }

  void declareQueue(String queue) throws Exception {
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
  static long awaitStable(java.util.function.LongSupplier value, long expected) {
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
  static long metric(int port, String name, String... labels) {
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
  static long served(int port, String route, int status) {
    return metric(port, "vertx_http_server_requests_total", "route=\"" + route + "\"", "code=\"" + status + "\"");
  }

  static void probeHealth(int port, AtomicBoolean running, Histogram histogram, AtomicLong failures) {
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

  static String others(Wrk.Result r, int expected) {
    long others = r.statuses().entrySet().stream().filter(e -> e.getKey() != expected).mapToLong(Map.Entry::getValue).sum();
    return others == 0 && r.socketErrors() == 0 ? "" : " other=" + others + " socket-errors=" + r.socketErrors();
  }

  double limitRps(String name) {
    Row limit = limits.get(name);
    return limit == null ? Double.NaN : limit.rps();
  }

  void limit(String key, Row row) {
    limits.put(key, row);
    log(row.markdown());
  }

  void row(Row row) {
    rows.add(row);
    log(row.markdown());
  }

  void comparison(Row row) {
    comparisons.add(row);
    log(row.markdown());
  }

  /** The scenario row named {@code name}, or null when it was not measured in this run. */
  Row find(String name) {
    return rows.stream().filter(r -> r.scenario().equals(name)).findFirst().orElse(null);
  }

  void cleanUp() {
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

  void report() throws IOException {
    StringBuilder md = new StringBuilder();
    LocalDateTime now = LocalDateTime.now();
    md.append("# Switchboard benchmark ").append(now.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
        .append("\n\n").append(cores).append(" cores, ").append(duration.toSeconds()).append(" s per measurement after ")
        .append(warmup.toSeconds()).append(" s warm-up, wrk with ").append(connections).append(" connections unless said.")
        .append(" Java ").append(System.getProperty("java.version")).append(".\n\n");
    md.append("## Limits\n\n").append(Row.header()).append('\n');
    limits.values().forEach(r -> md.append(r.markdown()).append('\n'));
    md.append("\n## Scenarios\n\n").append(Row.header()).append('\n');
    rows.forEach(r -> md.append(r.markdown()).append('\n'));
    if (!comparisons.isEmpty()) {
      md.append("\n## Against the peer (Spring Boot)\n\n").append("The system's req/s ÷ the peer's on the same path;")
          .append(" latencies are the system's.\n\n").append(Row.header()).append('\n');
      comparisons.forEach(r -> md.append(r.markdown()).append('\n'));
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    Path results = root.resolve("bench/results");
    Files.createDirectories(results);
    String stem = "bench-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = results.resolve(stem + ".md");
    Files.writeString(file, md);
    Path chart = results.resolve(stem + ".svg");
    Files.writeString(chart, Chart.svg("Switchboard benchmark " + now.format(DateTimeFormatter.ofPattern(
        "yyyy-MM-dd HH:mm")), cores + " cores, " + duration.toSeconds() + " s per measurement, wrk with " + connections
        + " connections", rows, comparisons));
    System.out.println();
    System.out.println(md);
    System.out.println("Written to " + file + " and " + chart);
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("'" + regex + "' not found in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  static int freePort() {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static void log(String line) {
    System.out.println("[bench] " + line);
  }
}
