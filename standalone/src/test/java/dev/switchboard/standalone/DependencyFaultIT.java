package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependencies that fail or hang, under load. PostgreSQL stalled for 10 s (a TCP proxy that stops
 * forwarding and keeps its sockets open, as a host gone without a word): reads answer 503 within 2 s, never
 * a hang or a 500; the intake consumer stops taking work and resumes by itself; every 202 becomes exactly
 * one order. A real broker restart ({@code rabbitmqctl stop_app}/{@code start_app}, always restored): every
 * connection comes back by itself and every 202 is stored once; the time to recover is reported. A broker
 * that blocks publishers (memory alarm, always restored): publishes answer 503 at once, {@code /ready}
 * says DEGRADED, and consumers go on acknowledging.
 */
@ExtendWith(VertxExtension.class)
class DependencyFaultIT {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyFaultIT.class);
  private TestConfig config;

  @AfterEach
  void tearDown(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private static JsonObject user(String nick) {
    return TestData.newUser(nick, "fault-password");
  }

  private static JsonObject order(int userId, int n) {
    return new JsonObject().put("user_id", userId).put("item_description", "Fault " + n).put("item_quantity", 1)
        .put("item_price", 10);
  }

  /** A request and its answer: status (-1: none), how long it took, the intake id of a 202. */
  private record Answer(long startMs, int status, long millis, String requestId) {
  }

  /** Loops requests until stopped, each loop one after the other, recording every answer. */
  private static final class Load {
    private final HttpTestClient http;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final long t0 = System.nanoTime();
    private volatile boolean running = true;

    Load(HttpTestClient http) {
      this.http = http;
    }

    void reads(int loops, String path) {
      for (int i = 0; i < loops; i++) {
        loop(() -> http.send(HttpMethod.GET, path, null, Map.of("Cache-Control", "no-cache")));
      }
    }

    void orders(int loops, int userId) {
      for (int i = 0; i < loops; i++) {
        int n = i;
        loop(() -> http.send(HttpMethod.POST, "/queue/neworder", order(userId, n)));
      }
    }

    private void loop(java.util.function.Supplier<Future<HttpResponse<Buffer>>> send) {
      if (!running) {
        return;
      }
      long start = System.nanoTime();
      send.get().onComplete(ar -> {
        int status = ar.succeeded() ? ar.result().statusCode() : -1;
        String requestId = status == 202 ? ar.result().bodyAsJsonObject().getString("request_id") : null;
        answers.add(new Answer((start - t0) / 1_000_000, status, (System.nanoTime() - start) / 1_000_000, requestId));
        loop(send);
      });
    }

    long nowMs() {
      return (System.nanoTime() - t0) / 1_000_000;
    }

    List<Answer> stop() {
      running = false;
      sleep(300);
      return new ArrayList<>(answers);
    }
  }

  @Test
  void postgresStalledTenSecondsUnderLoadAnswers503FastAndLosesNothing(Vertx vertx) {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    TcpProxy proxy = new TcpProxy(vertx, pg.host(), pg.port());
    int proxyPort = Await.result(proxy.start());
    config = TestConfig.create().withPostgres("fault_pg").withRabbitMq();
    JsonObject conf = config.json();
    conf.getJsonObject("postgres").put("port", proxyPort);
    Apps.deployStandalone(vertx, conf);
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    int userId = http.post("/users", user("pg" + UUID.randomUUID().toString().substring(0, 8)))
        .bodyAsJsonObject().getInteger("user_id");

    Load load = new Load(http);
    load.reads(4, "/users/" + userId);
    load.orders(4, userId);
    sleep(2_000);
    long stalledAt = load.nowMs();
    proxy.stall();
    sleep(10_000);
    long healedAt = load.nowMs();
    proxy.restore();
    sleep(3_000);
    List<Answer> answers = load.stop();

    List<Answer> during = answers.stream().filter(a -> a.startMs() > stalledAt + 500 && a.startMs() < healedAt - 2_500)
        .toList();
    assertThat(during).as("answers while PostgreSQL is stalled").isNotEmpty();
    assertThat(during).allSatisfy(a -> {
      assertThat(a.status()).as("no 500, no hang").isIn(503, 202);
      assertThat(a.millis()).as("answered within 2 s").isLessThan(2_000);
    });
    assertThat(answers).noneMatch(a -> a.status() >= 500 && a.status() != 503);
    long recovered = answers.stream().filter(a -> a.startMs() > healedAt && a.status() >= 500)
        .mapToLong(a -> a.startMs() + a.millis() - healedAt).max().orElse(0);

    // every accepted order is stored, once
    List<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Answer::requestId).toList();
    assertThat(accepted).isNotEmpty();
    Sql sql = new Sql(config.database());
    Await.until("every accepted order stored", Duration.ofSeconds(60), () -> accepted.stream().allMatch(id ->
        sql.count("SELECT count(*) FROM order_intake WHERE status = 'STORED' AND request_id = '" + id + "'") == 1));
    assertThat(sql.count("SELECT count(*) FROM orders")).isEqualTo(sql.count("SELECT count(DISTINCT request_id) FROM orders"));
    accepted.forEach(id -> assertThat(sql.count("SELECT count(*) FROM orders WHERE request_id = '" + id + "'"))
        .as(id).isEqualTo(1));
    long fast503 = during.stream().filter(a -> a.status() == 503).count();
    LOG.info("FAULT postgres stalled 10 s: {} answers while stalled ({} 503, slowest {} ms), {} orders accepted in all,"
            + " all stored once; every request succeeds again {} ms after the heal", during.size(), fast503,
        during.stream().mapToLong(Answer::millis).max().orElse(0), accepted.size(), recovered);
    Await.result(proxy.close());
  }

  @Test
  void aBrokerRestartUnderIntakeLoadHealsByItselfAndStoresEvery202Once(Vertx vertx) throws Exception {
    config = TestConfig.create().withPostgres("fault_broker").withRabbitMq().withOpsPort();
    Apps.deployStandalone(vertx, config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    int userId = http.post("/users", user("br" + UUID.randomUUID().toString().substring(0, 8)))
        .bodyAsJsonObject().getInteger("user_id");
    Load load = new Load(http);
    load.orders(4, userId);
    sleep(2_000);
    long stoppedAt;
    long startedAt;
    try {
      stoppedAt = load.nowMs();
      rabbitmqctl("stop_app");
      sleep(3_000);
    } finally {
      rabbitmqctl("start_app");
      awaitBroker();
    }
    startedAt = load.nowMs();
    Await.until("the process ready again", Duration.ofSeconds(60), () -> http.get("/ready").statusCode() == 200);
    long readyAfter = load.nowMs() - startedAt;
    sleep(2_000);
    List<Answer> answers = load.stop();
    long first202 = answers.stream().filter(a -> a.startMs() > startedAt && a.status() == 202)
        .mapToLong(a -> a.startMs() + a.millis() - startedAt).min().orElse(-1);
    assertThat(first202).as("orders accepted again after the restart").isNotNegative();
    assertThat(answers).noneMatch(a -> a.status() >= 500 && a.status() != 503);
    assertThat(answers.stream().filter(a -> a.startMs() > stoppedAt && a.startMs() < startedAt))
        .allSatisfy(a -> assertThat(a.millis()).isLessThan(2_500));

    List<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Answer::requestId).toList();
    Sql sql = new Sql(config.database());
    Await.until("every accepted order stored", Duration.ofSeconds(90), () -> accepted.stream().allMatch(id ->
        sql.count("SELECT count(*) FROM order_intake WHERE status = 'STORED' AND request_id = '" + id + "'") == 1));
    assertThat(sql.count("SELECT count(*) FROM orders")).isEqualTo(sql.count("SELECT count(DISTINCT request_id) FROM orders"));
    LOG.info("FAULT broker restart (down 3 s): {} orders accepted, all stored once; first 202 {} ms after start_app,"
        + " /ready UP {} ms after start_app", accepted.size(), first202, readyAfter);
  }

  @Test
  void aBrokerBlockingPublishersIsAnswered503AtOnceAndConsumersGoOn(Vertx vertx) throws Exception {
    config = TestConfig.create().withPostgres("fault_blocked").withRabbitMq().withOpsPort();
    Apps.deployStandalone(vertx, config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    HttpTestClient ops = new HttpTestClient(vertx, config.opsPort());
    try {
      rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
      Await.until("publishes refused at once", Duration.ofSeconds(20), () -> {
        long start = System.nanoTime();
        HttpResponse<Buffer> ping = http.post("/ping", new JsonObject().put("msg", "while blocked"));
        return ping.statusCode() == 503 && (System.nanoTime() - start) / 1_000_000 < 500
            && ping.bodyAsJsonObject().getString("detail").contains("refuses");
      });
      JsonObject rabbit = ops.get("/ready").bodyAsJsonObject().getJsonArray("checks").stream()
          .map(JsonObject.class::cast).filter(c -> "rabbitmq".equals(c.getString("id"))).findFirst().orElseThrow();
      assertThat(rabbit.getJsonObject("data").getString("state")).isEqualTo("DEGRADED");
      assertThat(rabbit.getJsonObject("data").getString("reason")).contains("blocked");
    } finally {
      rabbitmqctl("set_vm_memory_high_watermark", "0.4");
    }
    Await.until("publishes accepted again", Duration.ofSeconds(30),
        () -> http.post("/ping", new JsonObject().put("msg", "after")).statusCode() == 202);
    Await.until("the ping consumed", Duration.ofSeconds(20),
        () -> http.get("/messages").bodyAsJsonArray().stream().anyMatch(m -> "after".equals(((JsonObject) m).getString("msg"))));
  }

  private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
    }
  }

  private static void awaitBroker() {
    Await.until("RabbitMQ to accept connections", Duration.ofSeconds(60), () -> {
      try (Socket s = new Socket("127.0.0.1", 5672)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
