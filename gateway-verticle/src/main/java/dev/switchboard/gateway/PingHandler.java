package dev.switchboard.gateway;

import dev.switchboard.contract.Fields;
import dev.switchboard.contract.ping.MessageQuery;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.contract.ping.PingMessage;
import dev.switchboard.contract.ping.PingRules;
import dev.switchboard.contract.ping.PongApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /ping}, {@code GET /messages} and its source-system name {@code GET /pong}. */
final class PingHandler {
  private final PingApi ping;
  private final PongApi pong;

  PingHandler(PingApi ping, PongApi pong) {
    this.ping = ping;
    this.pong = pong;
  }

  void mount(Router router, Routes routes) {
    routes.rest(router.post("/ping"), this::publish);
    routes.rest(router.get("/messages"), this::messages);
    routes.rest(router.get("/pong"), this::messages);
  }

  private Future<Reply> publish(RoutingContext ctx) {
    String msg = Requests.body(ctx, PingRules::message);
    return ping.publish(msg).map(stored -> new Reply(202, stored.toJson()
        // the source system's reply shape, kept for its clients
        .put("message", "Created at " + stored.date())
        .put("content", stored.msg()), null));
  }

  private Future<Reply> messages(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    Integer limit = Requests.intParam(ctx, Fields.LIMIT);
    if (limit != null) {
      query.put(Fields.LIMIT, limit);
    }
    String after = Requests.param(ctx, "after");
    if (after != null && !after.isEmpty()) {
      query.put("after", after);
    }
    return pong.messages(MessageQuery.fromJson(query)).map(page -> Reply.ok(page.items(PingMessage::toJson)));
  }
}
