package dev.switchboard.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The limits each path is measured against: H0, P0, D0, C0, R0 (16 and 1 in flight), WQ and the hashing limit. */
final class Limits {
  private Limits() {
  }

  static void measure(Bench b) throws Exception {
    if (b.wanted("H0") || b.wanted("2r") || b.wanted("2l")) {
      int port = Bench.freePort();
      List<String> h0Command = new ArrayList<>(List.of(b.java));
      h0Command.addAll(Bench.JVM_OPTIONS);
      h0Command.addAll(List.of("-cp", b.classpath, BareServer.class.getName(), Integer.toString(port),
          Integer.toString(b.cores)));
      try (Proc h0 = Proc.start("h0", h0Command, b.work, b.work, Map.of())) {
        h0.awaitHttp(port, "/users/1", Duration.ofSeconds(30));
        b.warmUp("http://127.0.0.1:" + port + "/users/1", b.connections, null, List.of(), Map.of());
        Wrk.Result r = b.load("http://127.0.0.1:" + port + "/users/1", b.connections, null, List.of(), Map.of());
        b.limit("H0", Row.limit("H0 bare Vert.x JSON GET", r.rps(), r.p50ms(), r.p99ms(), b.cores + " event loops"));
      }
    }
    if (b.wanted("P0") || b.wanted("1") || b.wanted("5")) {
      String queue = "bench.p0." + b.run;
      b.declareQueue(queue);
      String out = Proc.run(List.of(b.java, "-cp", b.classpath, "com.rabbitmq.perf.PerfTest", "-h", b.amqp, "-u", queue, "-p",
          "-x", "1", "-y", "1", "-f", "persistent", "-c", Integer.toString(b.connections), "-q", "100", "-s", "100",
          "-z", Long.toString(b.duration.plus(b.warmup).toSeconds()), "-ms"), b.duration.plus(b.warmup).plusSeconds(60), Map.of());
      Files.writeString(b.work.resolve("perftest.log"), out);
      double received = Bench.number(out, "receiving rate avg: ([0-9.]+) msg/s");
      Matcher latency = Pattern.compile("consumer latency min/median/75th/95th/99th ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms")
          .matcher(out);
      double p50 = -1;
      double p99 = -1;
      while (latency.find()) {
        p50 = Double.parseDouble(latency.group(2));
        p99 = Double.parseDouble(latency.group(5));
      }
      b.limit("P0", Row.limit("P0 RabbitMQ PerfTest", received, p50, p99,
          "persistent, durable queue, confirms (≤ " + b.connections + " unconfirmed), acks, 100 B, 1 producer + 1 consumer"));
    }
    if (b.wanted("D0") || b.wanted("3")) {
      b.createDatabase(b.pgbenchDatabase);
      Map<String, String> pgEnv = Map.of("PGPASSWORD", b.pgPassword);
      Proc.run(List.of("pgbench", "-i", "-s", "10", "-q", "-h", b.pgHost, "-p", Integer.toString(b.pgPort), "-U", b.pgUser,
          b.pgbenchDatabase), Duration.ofMinutes(5), pgEnv);
      b.pgbench(b.warmup, pgEnv);
      String out = b.pgbench(b.duration, pgEnv);
      Files.writeString(b.work.resolve("pgbench.log"), out);
      b.limit("D0", Row.limit("D0 pgbench -S -M prepared", Bench.number(out, "tps = ([0-9.]+)"),
          Bench.number(out, "latency average = ([0-9.]+) ms"), -1, "8 clients (the pool size), 2 threads; p50 column: average"));
    }
    if (b.wanted("C0")) {
      String out = Proc.run(List.of("redis-benchmark", "-h", b.redisHost, "-p", Integer.toString(b.redisPort), "-t", "get",
          "-n", "500000", "-c", "50", "--csv"), Duration.ofMinutes(5), Map.of());
      Files.writeString(b.work.resolve("redis-benchmark.log"), out);
      String[] csv = out.lines().filter(l -> l.startsWith("\"GET\"")).findFirst().orElseThrow().replace("\"", "")
          .split(",");
      b.limit("C0", Row.limit("C0 redis-benchmark -t get", Double.parseDouble(csv[1]), Double.parseDouble(csv[4]),
          Double.parseDouble(csv[6]), "50 clients"));
    }
    if (b.wanted("R0") || b.wanted("4")) {
      for (int inFlight : new int[] {16, 1}) {
        String out = Proc.run(List.of(b.java, "-cp", b.classpath, RpcLoop.class.getName(), b.amqp, Integer.toString(inFlight),
            Long.toString(b.duration.toSeconds()), Long.toString(b.warmup.toSeconds())), b.duration.plus(b.warmup).plusSeconds(60),
            Map.of());
        Matcher m = Pattern.compile("rps=([0-9.]+) p50_us=(\\d+) p99_us=(\\d+)").matcher(out);
        if (!m.find()) {
          throw new IllegalStateException("RpcLoop: " + out);
        }
        b.limit(inFlight == 16 ? "R0" : "R0-1", Row.limit("R0 AMQP request/reply, " + inFlight + " in flight",
            Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)) / 1000.0, Long.parseLong(m.group(3)) / 1000.0,
            "amqp-client, manual ack, prefetch 100"));
      }
    }
    if (b.wanted("WQ")) {
      String out = Proc.run(List.of(b.java, "-cp", b.classpath, ClientComparison.class.getName(), b.amqp, "60000", "5"),
          Duration.ofMinutes(15), Map.of());
      Files.writeString(b.work.resolve("client-comparison.log"), out);
      for (String client : new String[] {"system", "library"}) {
        Matcher m = Pattern.compile(client + " rps=([0-9.]+) cpu_us=([0-9.]+)").matcher(out);
        if (!m.find()) {
          throw new IllegalStateException("ClientComparison: " + out);
        }
        b.limit(client.equals("system") ? "WQ" : "WQ-lib", Row.limit("WQ work queue on "
                + (client.equals("system") ? "the system's RabbitMQ layer" : "vertx-rabbitmq-client 5.0.8"),
            Double.parseDouble(m.group(1)), -1, -1, "persistent 100 B, confirms (≤ 64), manual acks, one JVM; JVM CPU "
                + m.group(2) + " µs per message (5th of 5 rounds of 60,000)"));
      }
    }
    if (b.wanted("HASH") && !b.wanted("6")) {
      b.hashLimit("HASH", "Argon2id hashing limit");
    }
  }
}
