package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import dev.switchboard.testing.HttpTestClient;
import dev.switchboard.testing.TestData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** What a client does through the gateway, whatever carries the calls between the processes. */
final class DistributedFlows {
  private DistributedFlows() {
  }

  /**
   * The services check who calls, whatever carries the calls: a user's token reaches only that user's data.
   * PUT and DELETE of a user and POST of an order are checked by the services themselves (the gateway guards
   * only the answers it serves from its cache). {@code admin} is signed in as an admin, {@code anonymous} not.
   */
  static void ownershipIsEnforcedBehindTheGateway(HttpTestClient admin, HttpTestClient anonymous) {
    String nick = TestData.nick("owner");
    assertThat(anonymous.post("/users", TestData.newUser(nick, "owner-password")).statusCode()).isEqualTo(201);
    HttpTestClient owner = anonymous.signedIn(nick, "owner-password");
    int other = admin.post("/users", TestData.newUser(TestData.nick("other"), "other-password")).bodyAsJsonObject()
        .getInteger("user_id");
    assertThat(owner.put("/users/" + other, new JsonObject().put("full_name", "Mallory")).statusCode()).isEqualTo(403);
    assertThat(owner.delete("/users/" + other).statusCode()).isEqualTo(403);
    assertThat(owner.post("/orders", TestData.newOrder(other, 1, 10)).statusCode()).isEqualTo(403);
    assertThat(anonymous.put("/users/" + other, new JsonObject().put("full_name", "Mallory")).statusCode())
        .isEqualTo(401);
    assertThat(anonymous.delete("/users/" + other).statusCode()).isEqualTo(401);
  }

  static void usersOrdersAndPings(HttpTestClient http) {
    String nick = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    HttpResponse<Buffer> created = http.post("/users", TestData.newUser(nick, "distributed-pw"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    int userId = created.bodyAsJsonObject().getInteger("user_id");
    assertThat(http.get("/users/" + userId).bodyAsJsonObject().getString("nick_name")).isEqualTo(nick);
    assertThat(http.put("/users/" + userId, new JsonObject().put("full_name", "Renamed")).bodyAsJsonObject()
        .getString("full_name")).isEqualTo("Renamed");

    HttpResponse<Buffer> invalid = http.post("/users", new JsonObject().put("nick_name", "x"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").size()).isEqualTo(6);
    assertThat(http.get("/users/2000000000").statusCode()).isEqualTo(404);

    HttpResponse<Buffer> order = http.post("/orders", new JsonObject().put("user_id", userId)
        .put("item_description", "Across JVMs").put("item_quantity", 4).put("item_price", 250));
    assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
    assertThat(order.bodyAsJsonObject().getInteger("total_value")).isEqualTo(1000);
    assertThat(http.post("/orders", new JsonObject().put("user_id", 2_000_000_000).put("item_description", "x")
        .put("item_quantity", 1).put("item_price", 1)).statusCode()).isEqualTo(422);

    HttpResponse<Buffer> queued = http.post("/queue/neworder", new JsonObject().put("user_id", userId)
        .put("item_description", "Queued across JVMs").put("item_quantity", 1).put("item_price", 5));
    assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
    String requestId = queued.bodyAsJsonObject().getString("request_id");
    Await.until("the queued order stored", Duration.ofSeconds(30), () ->
        "STORED".equals(http.get("/queue/neworder/" + requestId).bodyAsJsonObject().getString("status")));
    JsonArray orders = http.get("/users/" + userId + "/orders").bodyAsJsonArray();
    assertThat(orders).hasSize(2);
    assertThat(http.delete("/users/" + userId).statusCode()).isEqualTo(409);

    String msg = "ping across JVMs " + UUID.randomUUID();
    HttpResponse<Buffer> ping = http.post("/ping", new JsonObject().put("msg", msg));
    assertThat(ping.statusCode()).as(ping.bodyAsString()).isEqualTo(202);
    String pingId = ping.bodyAsJsonObject().getString("id");
    Await.until("the ping listed", Duration.ofSeconds(30), () -> http.get("/messages?limit=1000").bodyAsJsonArray()
        .stream().anyMatch(m -> ((JsonObject) m).getString("id").equals(pingId)));
    assertThat(http.get("/pong?limit=1000").bodyAsJsonArray().stream()
        .anyMatch(m -> ((JsonObject) m).getString("msg").equals(msg))).isTrue();
  }
}
