package dev.switchboard.order;

import dev.switchboard.shared.bus.RequestContext;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.cache.CacheKeys;
import dev.switchboard.shared.contract.FieldErrors;
import dev.switchboard.shared.contract.Fields;
import dev.switchboard.shared.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The order rules, the accepting side of the durable intake, and — before a write answers — invalidating
 * the cached answers it changed.
 */
final class OrderService {
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String NUMERIC_OUT_OF_RANGE = "22003";
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final OrderRepository orders;
  private final IntakeRepository intake;
  private final IntakeChannel channel;
  private final CacheInvalidator cache;

  OrderService(OrderRepository orders, IntakeRepository intake, IntakeChannel channel, CacheInvalidator cache) {
    this.orders = orders;
    this.intake = intake;
    this.channel = channel;
    this.cache = cache;
  }

  Future<JsonObject> create(JsonObject body) {
    NewOrder order = OrderValidator.newOrder(body);
    return orders.insert(order)
        .recover(e -> Future.failedFuture(isForeignKeyViolation(e) ? noSuchUser(order.userId()) : e))
        .compose(created -> created != null
            ? cache.invalidate(CacheKeys.userOrders(order.userId())).map(created)
            : Future.failedFuture(noSuchUser(order.userId())));
  }

  Future<JsonObject> list(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Integer userId = Fields.integer(body, "user_id", 1, Fields.MAX_ID, errors, false);
    errors.throwIfAny();
    int[] page = OrderValidator.page(body);
    return orders.list(userId, page[0], page[1]).map(OrderService::items);
  }

  Future<JsonObject> listByUser(JsonObject body) {
    int userId = OrderValidator.userId(body);
    int[] page = OrderValidator.page(body);
    return orders.userExists(userId).compose(exists -> exists
        ? orders.list(userId, page[0], page[1]).map(OrderService::items)
        : Future.failedFuture(ServiceFailure.notFound("No user with id " + userId)));
  }

  Future<JsonObject> get(JsonObject body) {
    int id = OrderValidator.orderId(body);
    return orders.find(id).compose(order -> found(order, id));
  }

  Future<JsonObject> update(JsonObject body) {
    int id = OrderValidator.orderId(body);
    OrderChanges changes = OrderValidator.changes(body);
    return orders.update(id, changes)
        .recover(e -> Future.failedFuture(e instanceof PgException pg && NUMERIC_OUT_OF_RANGE.equals(pg.getSqlState())
            ? OrderValidator.totalTooLarge() : e))
        .compose(order -> found(order, id))
        .compose(order -> cache.invalidate(CacheKeys.order(id), CacheKeys.userOrders(order.getInteger("user_id")))
            .map(order));
  }

  Future<JsonObject> delete(JsonObject body) {
    int id = OrderValidator.orderId(body);
    return orders.delete(id).compose(userId -> userId != null
        ? cache.invalidate(CacheKeys.order(id), CacheKeys.userOrders(userId)).map(new JsonObject())
        : Future.failedFuture(notFound(id)));
  }

  /**
   * Accepts an order for the intake queue: validates it, records the request as QUEUED and hands it to
   * the queue, answering only once the broker confirmed it. With an idempotency key the request id is
   * derived from the key, so a repeated post finds the first one (and the consumer never stores a
   * request id twice); the same key with another order is refused.
   */
  Future<JsonObject> enqueue(JsonObject body) {
    if (!(body.getValue("order") instanceof JsonObject orderJson)) {
      throw ServiceFailure.badRequest("order must be a JSON object");
    }
    NewOrder order = OrderValidator.newOrder(orderJson);
    String key = idempotencyKey(body);
    UUID requestId = key == null ? UUID.randomUUID()
        : UUID.nameUUIDFromBytes(("switchboard-intake:" + key).getBytes(StandardCharsets.UTF_8));
    String hash = payloadHash(order);
    return intake.accept(requestId, key, hash).compose(accepted -> {
      if (!accepted.inserted() && !hash.equals(accepted.payloadHash())) {
        return Future.failedFuture(ServiceFailure.unprocessable(
            "Idempotency-Key was already used for a different order"));
      }
      if (!"QUEUED".equals(accepted.status())) {
        return Future.succeededFuture(new IntakeRepository.Outcome(accepted.status(), accepted.orderId(),
            accepted.reason()).toJson(requestId));
      }
      JsonObject message = order.toJson().put("request_id", requestId.toString());
      return channel.send(message, requestId.toString(), RequestContext.requestId())
          .map(v -> new JsonObject().put("request_id", requestId.toString()).put("status", "QUEUED"))
          .recover(e -> (accepted.inserted() ? intake.forget(requestId) : Future.<Void>succeededFuture())
              .transform(ignored -> Future.<JsonObject>failedFuture(e)));
    });
  }

  Future<JsonObject> intakeStatus(JsonObject body) {
    UUID requestId = OrderIntake.requestId(body);
    if (requestId == null) {
      throw ServiceFailure.invalid(new JsonArray().add(ServiceFailure.fieldError("request_id",
          "request_id must be a UUID")));
    }
    return intake.status(requestId).compose(status -> status != null ? Future.succeededFuture(status)
        : Future.failedFuture(ServiceFailure.notFound("No intake request " + requestId)));
  }

  private static String idempotencyKey(JsonObject body) {
    Object key = body.getValue("idempotency_key");
    if (key == null) {
      return null;
    }
    if (!(key instanceof String s) || !IDEMPOTENCY_KEY.matcher(s).matches()) {
      throw ServiceFailure.invalid(new JsonArray().add(ServiceFailure.fieldError("Idempotency-Key",
          "Idempotency-Key must be 1 to 255 visible ASCII characters")));
    }
    return s;
  }

  private static String payloadHash(NewOrder order) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((order.userId() + "\n" + order.itemQuantity() + "\n"
          + order.itemPrice() + "\n" + order.itemDescription()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject items(java.util.List<JsonObject> list) {
    return new JsonObject().put("items", new JsonArray(list));
  }

  private static Future<JsonObject> found(JsonObject order, int id) {
    return order == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(order);
  }

  private static ServiceFailure notFound(int id) {
    return ServiceFailure.notFound("No order with id " + id);
  }

  private static ServiceFailure noSuchUser(int userId) {
    return ServiceFailure.unprocessable("user_id " + userId + " does not exist",
        new JsonArray().add(ServiceFailure.fieldError("user_id", "no user with id " + userId)));
  }

  private static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }
}
