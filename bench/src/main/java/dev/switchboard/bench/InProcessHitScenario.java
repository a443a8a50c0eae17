package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 2, in process: {@code GET /users/{id}} answered from the standalone jar's in-process cache, run
 * with the benchmark's JVM flags, like H0.
 */
final class InProcessHitScenario {
  /** Its row's name (PeerScenario compares with it). */
  static final String NAME = "2 GET /users/{id} cache hit, in-process (standalone)";

  private InProcessHitScenario() {
  }

  /** The standalone jar with the benchmark's JVM flags, on {@code port}. */
  static List<String> command(Bench b, int port) {
    Path jar = b.root.resolve("standalone/target/switchboard.jar");
    List<String> tuned = new ArrayList<>(List.of(b.java));
    tuned.addAll(Bench.JVM_OPTIONS);
    tuned.addAll(List.of("-Dlog.access=WARN", "-Dlog.calls=WARN", "-Dlog.audit=WARN", "-Dswitchboard.http.port=" + port,
        "-Dswitchboard.auth.keyDir=" + b.work.resolve("keys"), "-Dswitchboard.auth.throttle.perAddress=1000000",
        "-jar", jar.toString(), "-instances",
        Integer.toString(b.cores)));
    return tuned;
  }

  /**
   * The open path (sign-in off, as before it existed) and, in the same process, the same read with a bearer
   * token: the JWT verification on every request is the difference.
   */
  static void measure(Bench b, int port, Path dir) throws Exception {
    List<String> open = new ArrayList<>(command(b, port));
    open.add(1, "-Dswitchboard.auth.enabled=false");
    double openRps;
    try (Proc standalone = Proc.start("standalone", open, dir, b.work, Map.of())) {
      standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      String url = b.cachedUser(port, "solo_" + b.run);
      b.warmUp(url, b.connections, null, List.of(), Map.of());
      Wrk.Result r = b.load(url, b.connections, null, List.of(), Map.of());
      openRps = r.rps();
      b.row(new Row(NAME, r.rps(), r.p50ms(), r.p99ms(), "H0",
          b.limitRps("H0"), 0.85, "non-2xx=" + r.non2xx(), r.non2xx() == 0));
    }
    if (!b.wanted("2a") && !b.wanted("6l")) { // 6l runs on the signed-in process of 2a
      return;
    }
    try (Proc standalone = Proc.start("standalone-auth", command(b, port), dir, b.work, Map.of())) {
      standalone.awaitHttp(port, "/ready", Duration.ofSeconds(120));
      Bench.SignedIn user = b.signedInUser(port, "bearer_" + b.run);
      b.warmUp(user.url(), b.connections, null, user.header(), Map.of());
      Wrk.Result r = b.load(user.url(), b.connections, null, user.header(), Map.of());
      // the machine's cores are busy either way: the extra CPU time per request is the difference of 1/rate
      double verifyMicros = (1 / r.rps() - 1 / openRps) * 1e6 * b.cores;
      b.row(new Row("2a GET /users/{id} cache hit, in-process, with a bearer token (verified: RS256, then cached)", r.rps(),
          r.p50ms(), r.p99ms(), "H0", b.limitRps("H0"), Double.NaN, String.format(Locale.ROOT,
              "non-2xx=%d; %.2f x the open path; verification ≈ %.0f µs of CPU per request", r.non2xx(),
              r.rps() / openRps, verifyMicros), r.non2xx() == 0));
      if (b.wanted("6l")) {
        // sign-in: one Argon2id verification each, against the hashing limit measured right before
        String nick = "login_" + b.run;
        Proc.post(port, "/users", Bench.userJson(nick));
        String base = "http://127.0.0.1:" + port;
        b.warmUp(base, 16, b.script("login.lua"), List.of(), Map.of("BENCH_NICK", nick));
        b.hashLimit("HASH-login", "Argon2id hashing limit, right before 6l");
        Wrk.Result login = b.load(base, 16, b.script("login.lua"), List.of(), Map.of("BENCH_NICK", nick));
        b.row(new Row("6l POST /auth/login (Argon2id verify + RS256 sign), 16 connections", login.rps(), login.p50ms(),
            login.p99ms(), "HASH-login", b.limitRps("HASH-login"), 0.9, "non-2xx=" + login.non2xx(),
            login.non2xx() == 0));
      }
    }
  }
}
