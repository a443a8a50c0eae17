package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's feed is a request that never ends: the gateway's idle deadline must not cut it while it sends. */
class ConsoleStreamIT {
  private Vertx vertx;
  private TestConfig config;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    config = TestConfig.create().withPostgres("console_stream").put("http.idleTimeoutSeconds", 1);
    Apps.deployStandalone(vertx, config.json());
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
    config.cleanUp();
  }

  @Test
  void theFeedOutlivesTheIdleDeadlineWhileItSends() throws Exception {
    HttpClient client = vertx.createHttpClient();
    AtomicInteger statuses = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    Await.result(client.request(HttpMethod.GET, config.httpPort(), "127.0.0.1", "/console/events")
        .compose(request -> request.send()).map(response -> {
          assertThat(response.getHeader("content-type")).startsWith("text/event-stream");
          response.handler(chunk -> {
            String text = chunk.toString();
            int at = text.indexOf("event: status");
            while (at >= 0) {
              statuses.incrementAndGet();
              at = text.indexOf("event: status", at + 1);
            }
          });
          response.exceptionHandler(e -> closed.set(true));
          response.endHandler(v -> closed.set(true));
          return null;
        }));
    // three idle deadlines long
    Thread.sleep(3_500);
    assertThat(closed).as("the stream was cut").isFalse();
    assertThat(statuses.get()).isGreaterThanOrEqualTo(3);
    client.close();
  }
}
