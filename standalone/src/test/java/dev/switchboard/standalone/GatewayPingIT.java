package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ping flow over HTTP, as a client of the gateway sees it, with the services in one JVM on RabbitMQ. */
@ExtendWith(VertxExtension.class)
class GatewayPingIT {
  private TestConfig config;
  private WebClient http;
  private TcpProxy proxy;

  @BeforeEach
  void start(Vertx vertx) {
    config = TestConfig.create().withRabbitMq().withPostgres("gateway_ping").withOpsPort();
    URI broker = URI.create(TestServices.rabbitmqUri());
    proxy = new TcpProxy(vertx, broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
    int proxyPort = Await.result(proxy.start());
    String viaProxy = broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxyPort;
    JsonObject conf = config.json();
    conf.getJsonObject("rabbitmq").put("uri", viaProxy);
    Await.result(vertx.deployVerticle(new StandaloneApplication(), new DeploymentOptions().setConfig(conf)));
    http = WebClient.create(vertx);
    Await.until("the app to be ready", Duration.ofSeconds(60), () -> get("/ready").statusCode() == 200);
    Await.until("a ping to be accepted", Duration.ofSeconds(20), () -> post("/ping", "{\"msg\":\"warm-up\"}").statusCode() == 202);
  }

  @AfterEach
  void stop(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private HttpResponse<Buffer> post(String path, String body) {
    return Await.result(http.post(config.httpPort(), "127.0.0.1", path)
        .putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> get(String path) {
    return Await.result(http.get(config.httpPort(), "127.0.0.1", path).send());
  }

  /** From the operations port (detailed readiness, metrics). */
  private HttpResponse<Buffer> ops(String path) {
    return Await.result(http.get(config.opsPort(), "127.0.0.1", path).send());
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String detailPart) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).containsIgnoringCase(detailPart);
    assertThat(problem.getString("requestId")).isEqualTo(response.getHeader("x-request-id"));
  }

  @Test
  void aPingIsAcceptedThenListed() {
    HttpResponse<Buffer> accepted = post("/ping", "{\"msg\":\"hello\"}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonObject body = accepted.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("id", "date", "msg", "message", "content");
    assertThat(body.getString("msg")).isEqualTo("hello");
    assertThat(body.getString("content")).isEqualTo("hello");
    assertThat(body.getString("message")).isEqualTo("Created at " + body.getString("date"));

    Await.until("the ping in /messages", Duration.ofSeconds(10), () -> get("/messages").bodyAsJsonArray().size() == 2);
    JsonArray messages = get("/messages").bodyAsJsonArray();
    assertThat(messages.getJsonObject(1)).isEqualTo(new JsonObject()
        .put("id", body.getString("id")).put("date", body.getString("date")).put("msg", "hello"));
    assertThat(get("/pong").bodyAsJsonArray()).isEqualTo(messages);
    assertThat(get("/messages?limit=1").bodyAsJsonArray()).hasSize(1);
    assertThat(get("/messages?after=" + body.getString("id")).bodyAsJsonArray()).isEmpty();
  }

  @Test
  void badInputGetsA400ProblemNamingIt() {
    assertProblem(post("/ping", "{}"), 400, "msg");
    assertProblem(post("/ping", "{\"msg\":\"\"}"), 400, "msg");
    assertProblem(post("/ping", "{\"msg\":7}"), 400, "msg");
    assertProblem(post("/ping", "{\"msg\":null}"), 400, "msg");
    assertProblem(post("/ping", "{\"msg\":\"" + "x".repeat(1_001) + "\"}"), 400, "msg");
    assertProblem(post("/ping", "not json"), 400, "JSON");
    assertProblem(post("/ping", "[\"msg\"]"), 400, "JSON object");
    assertProblem(post("/ping", ""), 400, "JSON object");
    HttpResponse<Buffer> invalid = post("/ping", "{}");
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("msg");

    assertProblem(get("/messages?limit=abc"), 400, "limit");
    assertProblem(get("/messages?limit=0"), 400, "limit");
    assertProblem(get("/messages?limit=5000"), 400, "limit");
    assertProblem(get("/messages?after=nope"), 404, "nope");
    assertProblem(get("/no-such-route"), 404, "No such resource");
  }

  @Test
  void aBodyOver64KiBIsRefusedWith413() {
    String big = "{\"msg\":\"" + "x".repeat(70_000) + "\"}";
    assertProblem(post("/ping", big), 413, "too large");
  }

  @Test
  void brokerUnreachableAnswers503Fast() {
    proxy.cut();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = post("/ping", "{\"msg\":\"while down\"}");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
      assertProblem(response, 503, "broker");
    }
    Await.until("/ready to report RabbitMQ down", Duration.ofSeconds(10), () -> get("/ready").statusCode() == 503);
    assertThat(get("/ready").bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "DOWN"));
    assertThat(ops("/ready").bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("rabbitmq"))
        .findFirst().orElseThrow().getString("status")).isEqualTo("DOWN");

    proxy.restore();
    Await.until("pings to be accepted again", Duration.ofSeconds(30), () -> post("/ping", "{\"msg\":\"back\"}").statusCode() == 202);
    // readiness follows once every consumer consumes again (its connection recovers on its own back-off)
    Await.until("/ready UP again: " + ops("/ready").bodyAsString(), Duration.ofSeconds(30),
        () -> get("/ready").statusCode() == 200);
  }

  @Test
  void healthIsPublicAndTheDetailsAreOnTheOperationsPort() {
    HttpResponse<Buffer> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    // the public port says only whether the process serves; the details and the metrics are for operators
    HttpResponse<Buffer> terse = get("/ready");
    assertThat(terse.statusCode()).isEqualTo(200);
    assertThat(terse.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/metrics").getHeader("content-type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> ready = ops("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList()).contains("rabbitmq", "ping", "gateway");
    // this test's Vert.x runs without metrics; the operations port is where they would be served
    assertThat(ops("/metrics").bodyAsString()).contains("metrics are not enabled");
  }

  @Test
  void aSaneRequestIdIsKeptAndAnInsaneOneReplaced() {
    HttpResponse<Buffer> kept = Await.result(http.get(config.httpPort(), "127.0.0.1", "/messages")
        .putHeader("x-request-id", "abc-123").send());
    assertThat(kept.getHeader("x-request-id")).isEqualTo("abc-123");
    HttpResponse<Buffer> replaced = Await.result(http.get(config.httpPort(), "127.0.0.1", "/messages")
        .putHeader("x-request-id", "bad id with spaces").send());
    assertThat(replaced.getHeader("x-request-id")).isNotEqualTo("bad id with spaces").hasSize(36);
  }
}
