package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.Actions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Orders: {@code /orders}, a user's orders, and the durable intake {@code /queue/neworder}. */
final class OrderHandler {
  private final ServiceClient orders;
  private final CachedReads cached;

  OrderHandler(ServiceClient orders, CachedReads cached) {
    this.orders = orders;
    this.cached = cached;
  }

  void mount(Router router, Routes routes) {
    routes.rest(router.post("/orders"), this::create);
    routes.rest(router.get("/orders"), this::list);
    routes.rest(router.get("/orders/:id"), this::get);
    routes.rest(router.put("/orders/:id"), this::update);
    routes.rest(router.delete("/orders/:id"), this::delete);
    routes.rest(router.get("/users/:id/orders"), this::listByUser);
    routes.rest(router.post("/queue/neworder"), this::enqueue);
    routes.rest(router.get("/queue/neworder/:requestId"), this::intakeStatus);
  }

  private Future<Reply> create(RoutingContext ctx) {
    return orders.request(Actions.Order.CREATE, Requests.jsonObject(ctx), RequestIds.of(ctx))
        .map(order -> Reply.created(order, "/orders/" + order.getInteger("order_id")));
  }

  private Future<Reply> list(RoutingContext ctx) {
    JsonObject query = Requests.page(ctx);
    Integer userId = Requests.intParam(ctx, "user_id");
    if (userId != null) {
      query.put("user_id", userId);
    }
    return orders.request(Actions.Order.LIST, query, RequestIds.of(ctx)).map(OrderHandler::items);
  }

  private Future<Reply> listByUser(RoutingContext ctx) {
    int userId = Requests.id(ctx, "id");
    JsonObject page = Requests.page(ctx);
    String variant = "limit=" + page.getValue("limit", "") + "&offset=" + page.getValue("offset", "");
    JsonObject query = page.put("user_id", userId);
    return cached.get(ctx, CacheKeys.userOrders(userId), variant, () -> orders.request(Actions.Order.LIST_BY_USER,
        query, RequestIds.of(ctx)).map(OrderHandler::items));
  }

  private Future<Reply> get(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return cached.get(ctx, CacheKeys.order(id), "", () -> orders.request(Actions.Order.GET,
        new JsonObject().put("order_id", id), RequestIds.of(ctx)).map(Reply::ok));
  }

  private Future<Reply> update(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return orders.request(Actions.Order.UPDATE, Requests.jsonObject(ctx).put("order_id", id), RequestIds.of(ctx))
        .map(Reply::ok);
  }

  private Future<Reply> delete(RoutingContext ctx) {
    return orders.request(Actions.Order.DELETE, new JsonObject().put("order_id", Requests.id(ctx, "id")),
        RequestIds.of(ctx)).map(v -> Reply.noContent());
  }

  private Future<Reply> enqueue(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("order", Requests.jsonObject(ctx));
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null) {
      request.put("idempotency_key", key);
    }
    return orders.request(Actions.Order.ENQUEUE, request, RequestIds.of(ctx))
        .map(accepted -> new Reply(202, accepted, "/queue/neworder/" + accepted.getString("request_id")));
  }

  private Future<Reply> intakeStatus(RoutingContext ctx) {
    return orders.request(Actions.Order.INTAKE_STATUS,
        new JsonObject().put("request_id", ctx.pathParam("requestId")), RequestIds.of(ctx)).map(Reply::ok);
  }

  private static Reply items(JsonObject page) {
    return Reply.ok(page.getJsonArray("items", new JsonArray()));
  }
}
