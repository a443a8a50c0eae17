package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.TestConfig;
import dev.switchboard.testing.TestData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The order API over HTTP against a real PostgreSQL: every route and rule. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderApiIT {
  private final Vertx vertx = Vertx.vertx();
  private final TestConfig config = TestConfig.create().withPostgres("order_api");
  private HttpTestClient http;

  @BeforeAll
  void start() {
    Apps.deployStandalone(vertx, config.json());
    http = new HttpTestClient(vertx, config.httpPort());
  }

  @AfterAll
  void stop() {
    Await.result(vertx.close());
    config.cleanUp();
  }

  private int newUser() {
    String nick = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "orders-password"));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getInteger("user_id");
  }

  private static JsonObject order(int userId, int quantity, int price) {
    return new JsonObject().put("user_id", userId).put("item_description", "Notebook")
        .put("item_quantity", quantity).put("item_price", price);
  }

  private JsonObject create(int userId, int quantity, int price) {
    HttpResponse<Buffer> response = http.post("/orders", order(userId, quantity, price));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String... fields) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
    if (fields.length > 0) {
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream()
          .map(e -> ((JsonObject) e).getString("field"))).containsExactlyInAnyOrder(fields);
    }
  }

  @Test
  void createsAnOrderWithItsTotalComputed() {
    int userId = newUser();
    HttpResponse<Buffer> response = http.post("/orders", order(userId, 3, 1250).put("total_value", 1));
    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject order = response.bodyAsJsonObject();
    assertThat(response.getHeader("location")).isEqualTo("/orders/" + order.getInteger("order_id"));
    assertThat(order.fieldNames()).containsExactlyInAnyOrder("order_id", "user_id", "item_description",
        "item_quantity", "item_price", "total_value", "status", "created_at", "updated_at");
    assertThat(order.getInteger("total_value")).isEqualTo(3750);
    assertThat(order.getString("status")).isEqualTo("PENDING");
    assertThat(order.getString("created_at")).isEqualTo(order.getString("updated_at"));
    assertThat(http.get("/orders/" + order.getInteger("order_id")).bodyAsJsonObject()).isEqualTo(order);
  }

  @Test
  void refusesBadOrders() {
    int userId = newUser();
    HttpResponse<Buffer> noUser = http.post("/orders", order(2_000_000_000, 1, 1));
    assertProblem(noUser, 422, "user_id");
    assertThat(noUser.bodyAsJsonObject().getString("detail")).contains("user_id");
    assertProblem(http.post("/orders", order(userId, 0, 1)), 400, "item_quantity");
    assertProblem(http.post("/orders", order(userId, 1, -1)), 400, "item_price");
    assertProblem(http.post("/orders", order(userId, 1, 1).put("item_description", "")), 400, "item_description");
    assertProblem(http.post("/orders", order(userId, 1, 1).put("item_description", "x".repeat(257))), 400,
        "item_description");
    assertProblem(http.post("/orders", order(userId, 100_000, 100_000)), 422, "total_value");
    assertProblem(http.post("/orders", new JsonObject()), 400, "user_id", "item_description", "item_quantity",
        "item_price");
    assertProblem(http.post("/orders", order(userId, 1, 1).put("user_id", "one")), 400, "user_id");
    assertProblem(http.post("/orders", "[]"), 400);
    assertThat(create(userId, 1, Integer.MAX_VALUE).getInteger("total_value")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void listsOrdersByUserWithPaging() {
    int userId = newUser();
    int other = newUser();
    JsonObject first = create(userId, 1, 10);
    JsonObject second = create(userId, 2, 10);
    create(other, 1, 1);

    JsonArray mine = http.get("/users/" + userId + "/orders").bodyAsJsonArray();
    assertThat(mine.stream().map(o -> ((JsonObject) o).getInteger("order_id")))
        .containsExactly(first.getInteger("order_id"), second.getInteger("order_id"));
    assertThat(http.get("/orders?user_id=" + userId).bodyAsJsonArray()).isEqualTo(mine);
    assertThat(http.get("/orders?user_id=" + userId + "&limit=1&offset=1").bodyAsJsonArray().getJsonObject(0))
        .isEqualTo(second);
    assertThat(http.get("/orders?limit=100").bodyAsJsonArray().size()).isGreaterThanOrEqualTo(3);
    assertProblem(http.get("/users/2000000001/orders"), 404);
    assertProblem(http.get("/users/zero/orders"), 400, "id");
    assertProblem(http.get("/orders?user_id=x"), 400, "user_id");
    assertProblem(http.get("/orders?limit=101"), 400, "limit");
  }

  @Test
  void updatesAnOrderRecomputingItsTotal() {
    JsonObject order = create(newUser(), 2, 500);
    int id = order.getInteger("order_id");
    HttpResponse<Buffer> response = http.put("/orders/" + id, new JsonObject().put("item_quantity", 5)
        .put("status", "CONFIRMED"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject updated = response.bodyAsJsonObject();
    assertThat(updated.getInteger("total_value")).isEqualTo(2500);
    assertThat(updated.getString("status")).isEqualTo("CONFIRMED");
    assertThat(updated.getString("updated_at")).isGreaterThan(order.getString("updated_at"));
    assertThat(updated.getString("created_at")).isEqualTo(order.getString("created_at"));

    JsonObject repriced = http.put("/orders/" + id, new JsonObject().put("item_price", 7)
        .put("item_description", "Renamed")).bodyAsJsonObject();
    assertThat(repriced.getInteger("total_value")).isEqualTo(35);
    assertThat(repriced.getString("item_description")).isEqualTo("Renamed");

    assertProblem(http.put("/orders/" + id, new JsonObject().put("status", "SHIPPED")), 400, "status");
    assertProblem(http.put("/orders/" + id, new JsonObject()), 400, "body");
    assertProblem(http.put("/orders/" + id, new JsonObject().put("item_price", Integer.MAX_VALUE)), 422, "total_value");
    assertProblem(http.put("/orders/2000000000", new JsonObject().put("item_price", 1)), 404);
    assertThat(http.get("/orders/" + id).bodyAsJsonObject().getInteger("total_value")).isEqualTo(35);
  }

  @Test
  void deletesOrdersAndProtectsUsersThatHaveThem() {
    int userId = newUser();
    int orderId = create(userId, 1, 1).getInteger("order_id");

    HttpResponse<Buffer> refused = http.delete("/users/" + userId);
    assertProblem(refused, 409);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("has orders");

    assertThat(http.delete("/orders/" + orderId).statusCode()).isEqualTo(204);
    assertProblem(http.get("/orders/" + orderId), 404);
    assertProblem(http.delete("/orders/" + orderId), 404);
    assertThat(http.delete("/users/" + userId).statusCode()).isEqualTo(204);
    for (String bad : List.of("0", "abc", "2147483648")) {
      assertProblem(http.get("/orders/" + bad), 400, "id");
    }
  }
}
