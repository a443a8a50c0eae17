package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestServices;
import dev.switchboard.user.UserApplication;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's circuit breaker: a service whose queue nothing consumes makes every call wait for the call
 * timeout — until the breaker opens and calls fail at once with 503 and Retry-After; once the service runs,
 * the half-open probe closes the circuit and calls go through again. The state shows in /ready.
 */
@ExtendWith(VertxExtension.class)
class CircuitBreakerIT {
  private TestConfig config;

  @AfterEach
  void tearDown() {
    config.cleanUp();
  }

  @Test
  void repeatedTimeoutsOpenTheCircuitAndTheServiceComingBackClosesIt(Vertx vertx) throws Exception {
    config = TestConfig.create().withPostgres("breaker").withRabbitMq().withOpsPort()
        .put("transport", new JsonObject().put("user", "rabbitmq"))
        .put("calls", new JsonObject().put("timeoutMs", 800).put("breakerFailures", 3).put("breakerResetMs", 2000));
    try (RawAmqp amqp = new RawAmqp(TestServices.rabbitmqUri())) {
      // the user service's queue exists, but nothing consumes it yet
      amqp.channel().queueDeclare(config.queue("user"), false, false, false, null);
      Apps.deployReady(vertx, new GatewayApplication(), config.json());
      HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
      HttpTestClient ops = new HttpTestClient(vertx, config.opsPort());
      Await.until("calls to time out", Duration.ofSeconds(20), () -> http.get("/users/1").statusCode() == 504);

      // after a few timeouts the circuit is open: 503 at once, with when to retry
      Await.until("the circuit open", Duration.ofSeconds(20), () -> http.get("/users/1").statusCode() == 503);
      long start = System.nanoTime();
      HttpResponse<Buffer> fast = http.get("/users/1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(fast.statusCode()).isEqualTo(503);
      assertThat(millis).isLessThan(300);
      assertThat(fast.getHeader("Retry-After")).isEqualTo("2");
      assertThat(fast.bodyAsJsonObject().getString("detail")).contains("user service is not available");
      assertThat(checkData(ops, "circuits").getString("user")).isEqualTo("OPEN");
      // the source system's envelope routes say the same, with the same header
      HttpResponse<Buffer> envelope = http.get("/user/show_one_user/1");
      assertThat(envelope.statusCode()).isEqualTo(503);
      assertThat(envelope.getHeader("Retry-After")).isEqualTo("2");

      // the service comes: the next probe after the reset timeout goes through and closes the circuit
      Vertx userProcess = Vertx.vertx();
      try {
        Apps.deployReady(userProcess, new UserApplication(), config.jsonWithPort(TestConfig.freePort()));
        Await.until("calls answered by the service again", Duration.ofSeconds(20),
            () -> http.get("/users/2000000000").statusCode() == 404);
        assertThat(checkData(ops, "circuits").getString("user")).isEqualTo("CLOSED");
      } finally {
        Await.result(userProcess.close());
      }
    }
  }

  private static JsonObject checkData(HttpTestClient ops, String id) {
    return ops.get("/ready").bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow().getJsonObject("data");
  }
}
