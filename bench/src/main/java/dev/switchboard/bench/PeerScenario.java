package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peer: the same two paths built the way most teams would otherwise build them — Spring Boot 3.5 with
 * WebFlux (Reactor Netty), R2DBC PostgreSQL and Spring AMQP (bench/peers/spring-peer) — loaded exactly as the
 * system is, in the same run, against the same database and broker, with the same JVM flags.
 *
 * <p>What is compared with what, and why:
 * <ul>
 *   <li>{@code POST /ping} with scenario 1: both validate, publish persistent with a publisher confirm, answer
 *       202 only after it, and consume with acks into a bounded in-memory store (the system's pong store is
 *       in memory, so the peer's is too).</li>
 *   <li>{@code GET /users/{id}} with scenario 3, the cache miss: the like-for-like read, since both go to
 *       PostgreSQL on every request (the peer has no cache). Scenario 2's hits (Redis, in process) against the
 *       same peer row are shown for information only: they answer from a cache the peer does not have.</li>
 *   <li>Memory: each JVM's resident set size after its {@code POST /ping} and {@code GET /users/{id}} loads.
 *       Both run with {@link Bench#JVM_OPTIONS} (a 1 GiB heap touched at start), so the difference is what
 *       lives outside the heap: classes, compiled code, threads, buffers.</li>
 * </ul>
 * The system is a single JVM with every service (gateway, users, orders, ping, pong) and its event bus; the
 * peer does only these two paths. The system also sends a console event per stored ping (batched); the peer
 * has no console. The peer runs right after scenario 3, while the system sits idle (no load, its heap
 * already resident), so the two are measured minutes apart at most on a machine whose speed drifts.
 *
 * <p>A head start, in the peer's favour: before the warm-up every path gets, each of the peer's paths is loaded
 * for {@link #headStart} without measuring. By hand on the 2-core VM (busy with other work at the time), the
 * peer's GET /users/{id} kept climbing for about 100 s of load (0.4k, 1k, 3k, 4.3k, then 7–9k/s), where the
 * warm-up's rule (two rounds no faster than the best) had stopped after 16 s at 1.7k/s in a short run; the
 * system's paths level off sooner. Why it warms so slowly was not profiled beyond a flat JFR profile (a
 * third of the samples in Reactor's operators). Without the head start the comparison would flatter the
 * system.
 *
 * <p>Two steps: {@link #measure} while the system's database is there, {@link #compare} once every scenario
 * ran (2l comes later, on the standalone jar); the memory row waits in between.
 */
final class PeerScenario {
  static final String JAR = "bench/peers/spring-peer/target/spring-peer.jar";
  static final String PING = "peer POST /ping (Spring WebFlux + AMQP)";
  static final String USERS = "peer GET /users/{id} (Spring WebFlux + R2DBC)";
  /** The system is to serve at least this many times the peer's requests per second. */
  static final double GOAL = 1.5;

  private final Bench b;
  private Row memory;

  PeerScenario(Bench b) {
    this.b = b;
  }

  /**
   * Starts the peer on the run's database (the system migrated it: the {@code users} table), loads it as
   * scenarios 1 and 3 load the system, and compares its memory with {@code systemRssMib}, the system's
   * resident size after the same loads (-1 when not measured).
   */
  void measure(long systemRssMib) throws Exception {
    int port = Bench.freePort();
    String queue = "peer_pings_" + b.run;
    b.queues.add(queue);
    b.queues.add(queue + ".dlq");
    List<String> command = new ArrayList<>(List.of(b.java));
    command.addAll(Bench.JVM_OPTIONS);
    command.addAll(List.of("-jar", b.root.resolve(JAR).toString()));
    // the peer's application.properties reads these (the credentials stay off the command line)
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PEER_PORT", Integer.toString(port));
    env.put("PEER_DB_URL", "r2dbc:postgresql://" + b.pgHost + ":" + b.pgPort + "/" + b.database);
    env.put("PEER_DB_USER", b.pgUser);
    env.put("PEER_DB_PASSWORD", b.pgPassword);
    env.put("PEER_AMQP_URI", b.amqp);
    env.put("PEER_QUEUE", queue);
    try (Proc peer = Proc.start("peer", command, b.work, b.work, env)) {
      peer.awaitHttp(port, "/peer/ready", Duration.ofSeconds(120));
      String base = "http://127.0.0.1:" + port;

      Bench.log("peer: " + headStart(b).toSeconds() + " s head start on POST /ping, then the warm-up");
      b.load(base + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of(), headStart(b));
      b.warmUp(base + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of());
      Wrk.Result ping = b.load(base + "/ping", b.connections, b.script("ping.lua"), List.of(), Map.of());
      long accepted = Bench.awaitStable(() -> count(port, "accepted"), -1);
      long stored = Bench.awaitStable(() -> count(port, "stored") + count(port, "evicted"), accepted);
      b.row(new Row(PING, ping.rps(), ping.p50ms(), ping.p99ms(), "P0", b.limitRps("P0"), Double.NaN,
          "202s=" + accepted + " stored=" + stored + Bench.others(ping, 202), stored >= accepted && ping.status(202) > 0));

      int first = b.insertUsers(1_000);
      Map<String, String> ids = Map.of("BENCH_USERS", "1000", "BENCH_FIRST_ID", Integer.toString(first));
      // the same requests as scenario 3's, header included (the peer has no cache to skip)
      List<String> headers = List.of("Cache-Control: no-cache");
      Bench.log("peer: " + headStart(b).toSeconds() + " s head start on GET /users/{id}, then the warm-up");
      b.load(base, b.connections, b.script("users-by-id.lua"), headers, ids, headStart(b));
      b.warmUp(base, b.connections, b.script("users-by-id.lua"), headers, ids);
      Wrk.Result users = b.load(base, b.connections, b.script("users-by-id.lua"), headers, ids);
      b.row(new Row(USERS, users.rps(), users.p50ms(), users.p99ms(), "D0", b.limitRps("D0"), Double.NaN,
          "non-2xx=" + users.non2xx() + " errors=" + users.socketErrors(), users.non2xx() == 0));

      long peerRssMib = peer.rssMib();
      long heapMib = 1024; // -Xms1g with -XX:+AlwaysPreTouch: resident from the start in both
      String resident = systemRssMib < 0
          ? String.format(Locale.ROOT, "peer %d MiB (system not measured)", peerRssMib)
          : String.format(Locale.ROOT, "system %d MiB, peer %d MiB (%.2f ×); outside the %d MiB heap both touch at"
              + " start: system %d MiB, peer %d MiB", systemRssMib, peerRssMib, (double) systemRssMib / peerRssMib,
              heapMib, systemRssMib - heapMib, peerRssMib - heapMib);
      memory = new Row("memory: resident set after POST /ping and GET /users/{id}, system vs peer", Double.NaN, -1, -1,
          "system ≤ peer", Double.NaN, Double.NaN, resident, null, systemRssMib < 0 ? null : systemRssMib <= peerRssMib);
    }
  }

  /**
   * The ratio rows, once every scenario ran: 1 and 3 against the peer (goal {@value #GOAL}), and the cache
   * hits (2r, 2l) against the peer's read for information, then the memory row.
   */
  void compare() {
    Row ping = b.find(PING);
    Row users = b.find(USERS);
    versus("1 vs peer: POST /ping through RabbitMQ", b.find(PingScenario.NAME), ping, GOAL);
    // 3, the cache miss, is the like-for-like read: both go to PostgreSQL on every request
    versus("3 vs peer: GET /users/{id} cache miss (like for like)", b.find(CacheMissScenario.NAME), users, GOAL);
    versus("2r vs peer: Redis hit (information: the peer has no cache)", b.find(RedisHitScenario.NAME), users,
        Double.NaN);
    versus("2l vs peer: in-process hit (information: the peer has no cache)", b.find(InProcessHitScenario.NAME),
        users, Double.NaN);
    if (memory != null) {
      b.comparison(memory);
    }
  }

  private void versus(String name, Row system, Row peer, double goal) {
    if (system == null || peer == null) {
      return;
    }
    boolean bothCorrect = Boolean.TRUE.equals(system.correct()) && Boolean.TRUE.equals(peer.correct());
    b.comparison(new Row(name, system.rps(), system.p50ms(), system.p99ms(), "peer", peer.rps(), goal,
        String.format(Locale.ROOT, "system p99 %.2f ms, peer p99 %.2f ms", system.p99ms(), peer.p99ms()),
        Double.isNaN(goal) ? null : bothCorrect));
  }

  /** The unmeasured load before the peer's warm-up: 30 s, or six warm-up rounds when those are longer. */
  static Duration headStart(Bench b) {
    return Duration.ofSeconds(Math.max(30, 6 * b.warmup.toSeconds()));
  }

  private static long count(int port, String name) {
    return new JsonObject(Proc.get(port, "/peer/counts")).getLong(name);
  }
}
