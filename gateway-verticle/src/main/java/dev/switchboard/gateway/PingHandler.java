package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.Actions;
import io.vertx.core.Future;
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

  void mount(Router router, Routes routes) {
    routes.rest(router.post("/ping"), this::publish);
    routes.rest(router.get("/messages"), this::messages);
    routes.rest(router.get("/pong"), this::messages);
  }

  private Future<Reply> publish(RoutingContext ctx) {
    return ping.request(Actions.Ping.PUBLISH, Requests.jsonObject(ctx), RequestIds.of(ctx))
        .map(stored -> new Reply(202, new JsonObject()
            .put("id", stored.getString("id"))
            .put("date", stored.getString("date"))
            .put("msg", stored.getString("msg"))
            // the source system's reply shape, kept for its clients
            .put("message", "Created at " + stored.getString("date"))
            .put("content", stored.getString("msg")), null));
  }

  private Future<Reply> messages(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    Integer limit = Requests.intParam(ctx, "limit");
    if (limit != null) {
      query.put("limit", limit);
    }
    String after = Requests.param(ctx, "after");
    if (after != null && !after.isEmpty()) {
      query.put("after", after);
    }
    return pong.request(Actions.Pong.MESSAGES, query, RequestIds.of(ctx))
        .map(page -> Reply.ok(page.getJsonArray("items", new JsonArray())));
  }
}
