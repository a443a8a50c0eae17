package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.Sql;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without RabbitMQ (the standalone default) the same intake flow runs over the event bus. */
@ExtendWith(VertxExtension.class)
class OrderIntakeEventBusIT {
  private final TestConfig config = TestConfig.create().withPostgres("intake_bus");

  @AfterEach
  void stop(Vertx vertx) {
    Await.result(vertx.close());
    config.cleanUp();
  }

  @Test
  void acceptsStoresAndDeduplicatesOverTheEventBus(Vertx vertx) {
    Apps.deployStandalone(vertx, config.json());
    HttpTestClient http = new HttpTestClient(vertx, config.httpPort());
    int userId = http.post("/users", TestData.newUser("local", "local-password")).bodyAsJsonObject().getInteger("user_id");
    JsonObject order = new JsonObject().put("user_id", userId).put("item_description", "Tea")
        .put("item_quantity", 2).put("item_price", 350);

    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> first = Await.result(client.post(config.httpPort(), "127.0.0.1", "/queue/neworder")
        .putHeader("Idempotency-Key", "k-1").sendJsonObject(order));
    HttpResponse<Buffer> second = Await.result(client.post(config.httpPort(), "127.0.0.1", "/queue/neworder")
        .putHeader("Idempotency-Key", "k-1").sendJsonObject(order));
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    String requestId = first.bodyAsJsonObject().getString("request_id");
    assertThat(second.bodyAsJsonObject().getString("request_id")).isEqualTo(requestId);

    Await.until("the order stored", Duration.ofSeconds(10),
        () -> "STORED".equals(http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getString("status")));
    assertThat(new Sql(config.database()).count("SELECT count(*) FROM orders")).isEqualTo(1);
    int orderId = http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getInteger("order_id");
    assertThat(http.get("/orders/" + orderId).bodyAsJsonObject().getInteger("total_value")).isEqualTo(700);
  }
}
