package dev.switchboard.gateway;

import dev.switchboard.shared.bus.ServiceClient;
import dev.switchboard.shared.contract.Actions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /ping}, {@code GET /messages} and its source-system name {@code GET /pong}. */
final class PingHandler {
  private final ServiceClient ping;
  private final ServiceClient pong;

  PingHandler(ServiceClient ping, ServiceClient pong) {
    this.ping = ping;
    this.pong = pong;
  }

  void mount(Router router) {
    router.post("/ping").handler(this::publish);
    router.get("/messages").handler(this::messages);
    router.get("/pong").handler(this::messages);
  }

  private void publish(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx);
    ping.request(Actions.Ping.PUBLISH, body, RequestIds.of(ctx))
        .onSuccess(stored -> Responses.json(ctx, 202, new JsonObject()
            .put("id", stored.getString("id"))
            .put("date", stored.getString("date"))
            .put("msg", stored.getString("msg"))
            // the source system's reply shape, kept for its clients
            .put("message", "Created at " + stored.getString("date"))
            .put("content", stored.getString("msg"))))
        .onFailure(ctx::fail);
  }

  private void messages(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    Integer limit = Requests.intParam(ctx, "limit");
    if (limit != null) {
      query.put("limit", limit);
    }
    String after = ctx.request().getParam("after");
    if (after != null && !after.isEmpty()) {
      query.put("after", after);
    }
    pong.request(Actions.Pong.MESSAGES, query, RequestIds.of(ctx))
        .onSuccess(page -> Responses.json(ctx, 200, page.getJsonArray("items", new JsonArray())))
        .onFailure(ctx::fail);
  }
}
