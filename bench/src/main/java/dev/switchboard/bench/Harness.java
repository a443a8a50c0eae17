package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The benchmark harness: measures, in one run on one machine, the limits of the parts the system runs on
 * ({@link Limits}: H0 a bare Vert.x server, P0 RabbitMQ PerfTest, D0 pgbench, C0 redis-benchmark, R0 a plain
 * AMQP request/reply loop, the Argon2id hashing limit) and each path of the system — one class per scenario
 * ({@link PingScenario} 1, {@link RedisHitScenario} 2 Redis, {@link InProcessHitScenario} 2 in process,
 * {@link CacheMissScenario} 3, {@link RpcScenario} 4, {@link IntakeScenario} 5, {@link SignUpScenario} 6,
 * {@link StandaloneScenario} 7) — and a peer built on Spring Boot doing paths 1 and 3 ({@link PeerScenario}),
 * then prints one table with the ratios and the correctness counters.
 * Everything it starts, it stops; everything it creates (databases, queues, cache keys), it removes.
 * Loopback only.
 *
 * <p>Usage (see bench/run.sh): {@code Harness [--duration S] [--warmup S] [--connections N] [--only 1,2r,...]}
 */
public final class Harness {
  private Harness() {
  }

  public static void main(String[] args) throws Exception {
    Bench b = new Bench(args);
    Files.createDirectories(b.work);
    Bench.log("Run " + b.run + ": " + b.duration.toSeconds() + " s per measurement after " + b.warmup.toSeconds()
        + " s of warm-up, " + b.connections + " connections, " + b.cores + " cores; logs in " + b.work);
    try {
      b.createDatabase(b.database);
      Limits.measure(b);
      PeerScenario peer = new PeerScenario(b);
      onTheSystem(b, peer);
      if (b.wanted("4")) {
        RpcScenario.measure(b);
      }
      onTheStandaloneJar(b);
      peer.compare();
    } finally {
      b.cleanUp();
    }
    b.report();
  }

  /**
   * Scenarios 1, 2 (Redis), 3, 5, 6: the standalone jar on the local PostgreSQL, RabbitMQ and Redis; and the
   * peer, right after 3, on the database the system migrated, while the system sits idle.
   */
  private static void onTheSystem(Bench b, PeerScenario peer) throws Exception {
    if (!(b.wanted("1") || b.wanted("2r") || b.wanted("3") || b.wanted("5") || b.wanted("6"))) {
      return;
    }
    int port = Bench.freePort();
    Path conf = b.writeConfig("system.json", b.systemConfig(port));
    try (Proc sys = Proc.start("system", b.systemJvm(b.root.resolve("standalone/target/switchboard.jar"), conf), b.work,
        b.work, Map.of())) {
      sys.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      int userId = new JsonObject(Proc.post(port, "/users", Bench.userJson("bench_" + b.run))).getInteger("user_id");
      if (b.wanted("1")) {
        PingScenario.measure(b, port, userId);
      }
      if (b.wanted("2r")) {
        RedisHitScenario.measure(b, port, userId);
      }
      if (b.wanted("3")) {
        CacheMissScenario.measure(b, port, userId);
      }
      if (b.wanted("peer")) {
        // the system's resident size after the loads of 1 and 3 (which --only peer implies), the peer's after the same
        peer.measure(sys.rssMib());
      }
      if (b.wanted("5")) {
        IntakeScenario.measure(b, port, userId);
      }
      if (b.wanted("6")) {
        SignUpScenario.measure(b, port, userId);
      }
    }
  }

  /**
   * Scenarios 2 (in process) and 7: the standalone jar with embedded PostgreSQL, initialised once first.
   * 2 runs it with the benchmark's JVM flags, like H0; 7 runs it exactly as the README's command does.
   */
  private static void onTheStandaloneJar(Bench b) throws Exception {
    if (!(b.wanted("2l") || b.wanted("2a") || b.wanted("6l") || b.wanted("7"))) {
      return;
    }
    int port = Bench.freePort();
    Path dir = b.work.resolve("standalone");
    try (Proc init = Proc.start("standalone-init", InProcessHitScenario.command(b, port), dir, b.work, Map.of())) {
      init.awaitHttp(port, "/ready", Duration.ofSeconds(180));
    }
    if (b.wanted("2l") || b.wanted("2a") || b.wanted("6l")) {
      InProcessHitScenario.measure(b, port, dir);
    }
    if (b.wanted("7")) {
      StandaloneScenario.measure(b, port, dir);
    }
  }
}
