package dev.switchboard.gateway;

import dev.switchboard.contract.Access;
import io.vertx.core.buffer.Buffer;

import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.order.IntakeRequest;
import dev.switchboard.contract.order.IntakeStatus;
import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.contract.order.Order;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.order.OrderChanges;
import dev.switchboard.contract.order.OrderQuery;
import dev.switchboard.contract.order.OrderRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Orders: {@code /orders}, a user's orders, and the durable intake {@code /queue/neworder}. Bodies are
 * checked against the contract here (a 400 listing every failing field, without a call) and again by the
 * service.
 */
final class OrderHandler {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private final OrderApi orders;
  private final CachedReads cached;
  private final Guard guard;

  OrderHandler(OrderApi orders, CachedReads cached, Guard guard) {
    this.orders = orders;
    this.cached = cached;
    this.guard = guard;
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
    NewOrder order = Requests.body(ctx, NewOrder::fromJson);
    return orders.create(order).map(created -> Reply.created(created.toJson(), "/orders/" + created.orderId()));
  }

  private Future<Reply> list(RoutingContext ctx) {
    JsonObject query = Requests.page(ctx);
    Integer userId = Requests.intParam(ctx, Order.USER_ID);
    if (userId != null) {
      query.put(Order.USER_ID, userId);
    }
    return orders.list(OrderQuery.fromJson(query)).map(page -> Reply.ok(page.items(Order::toJson)));
  }

  private Future<Reply> listByUser(RoutingContext ctx) {
    int userId = Requests.id(ctx, "id");
    PageRequest page = OrderRules.page(Requests.page(ctx));
    String variant = "limit=" + page.limit() + "&offset=" + page.offset();
    return guard.access().owner(userId).compose(v -> cached.get(ctx, CacheKeys.userOrders(userId), variant,
        () -> orders.listByUser(userId, page).map(found -> Reply.ok(found.items(Order::toJson)))));
  }

  private Future<Reply> get(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    Access access = guard.access();
    if (!access.seesAll()) {
      // the cache answers without the service: check whose order it is here
      return access.signedIn().compose(v -> cached.get(ctx, CacheKeys.order(id), "",
          () -> orders.get(id).map(order -> Reply.ok(order.toJson()))))
          .compose(reply -> access.owner(ownerOf(reply)).map(reply));
    }
    return cached.get(ctx, CacheKeys.order(id), "", () -> orders.get(id).map(order -> Reply.ok(order.toJson())));
  }

  private static int ownerOf(Reply reply) {
    Object body = reply.body();
    JsonObject order = body instanceof Buffer encoded ? new JsonObject(encoded) : (JsonObject) body;
    return order.getInteger(Order.USER_ID);
  }

  private Future<Reply> update(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    OrderChanges changes = Requests.body(ctx, OrderChanges::fromJson);
    return guard.audited(ctx, "order.update", null, orders.update(id, changes)).map(order -> Reply.ok(order.toJson()));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    int id = Requests.id(ctx, "id");
    return guard.audited(ctx, "order.delete", null, orders.delete(id)).map(v -> Reply.noContent());
  }

  private Future<Reply> enqueue(RoutingContext ctx) {
    NewOrder order = Requests.body(ctx, NewOrder::fromJson);
    IntakeRequest request = new IntakeRequest(order,
        OrderRules.idempotencyKey(ctx.request().getHeader(IDEMPOTENCY_KEY)));
    return orders.enqueue(request).map(accepted -> new Reply(202, accepted.toJson(),
        "/queue/neworder/" + accepted.intakeId()));
  }

  private Future<Reply> intakeStatus(RoutingContext ctx) {
    return orders.intakeStatus(OrderRules.intakeId(ctx.pathParam("requestId"), IntakeStatus.INTAKE_ID))
        .map(status -> Reply.ok(status.toJson()));
  }
}
