package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Scenario 4: the gateway and the user service in two JVMs, calls over RabbitMQ request/reply (16 and 1 in flight). */
final class RpcScenario {
  private RpcScenario() {
  }

  static void measure(Bench b) throws Exception {
    if (!b.wanted("4")) {
      return;
    }
    int gatewayPort = Bench.freePort();
    int userPort = Bench.freePort();
    JsonObject config = b.systemConfig(gatewayPort);
    config.put("transport", new JsonObject().put("user", "rabbitmq").put("order", "eventbus").put("ping", "eventbus"));
    config.remove("http");
    Path conf = b.writeConfig("rpc.json", config);
    try (Proc user = Proc.start("rpc-user", b.jvm(b.root.resolve("user-verticle/target/user-verticle.jar"), conf, userPort),
        b.work, b.work, Map.of());
         Proc gateway = Proc.start("rpc-gateway", b.jvm(b.root.resolve("gateway-verticle/target/gateway-verticle.jar"), conf,
             gatewayPort), b.work, b.work, Map.of())) {
      user.awaitHttp(userPort, "/ready", Duration.ofSeconds(120));
      gateway.awaitHttp(gatewayPort, "/ready", Duration.ofSeconds(120));
      int first = b.insertUsers(1_000);
      Proc.sleep(1_000);
      gateway.awaitHttp(gatewayPort, "/users/" + first, Duration.ofSeconds(30));
      String base = "http://127.0.0.1:" + gatewayPort;
      Map<String, String> ids = Map.of("BENCH_USERS", "1000", "BENCH_FIRST_ID", Integer.toString(first));
      b.warmUp(base, 16, b.script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      Wrk.Result r = b.load(base, 16, b.script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      b.row(new Row("4 GET /users/{id} uncached, user service in another JVM over RabbitMQ RPC (16 in flight)", r.rps(),
          r.p50ms(), r.p99ms(), "R0", b.limitRps("R0"), 0.6, "non-2xx=" + r.non2xx(), r.non2xx() == 0));
      Wrk.Result one = Wrk.run(base, 1, 1, b.duration, b.script("users-by-id.lua"), List.of("Cache-Control: no-cache"), ids);
      Row r01 = b.limits.get("R0-1");
      double allowed = r01 == null ? Double.NaN : r01.p50ms() + 0.5;
      b.row(Row.latency("4 same, 1 in flight: p50 within 0.5 ms of R0's", one.rps(), one.p50ms(), one.p99ms(),
          String.format(Locale.ROOT, "p50 ≤ R0 1 in flight p50 + 0.5 ms = %.2f ms", allowed), one.p50ms() <= allowed,
          "non-2xx=" + one.non2xx(), one.non2xx() == 0));
    }
  }
}
