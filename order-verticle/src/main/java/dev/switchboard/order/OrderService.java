package dev.switchboard.order;

import dev.switchboard.contract.RequestContext;
import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.storage.CallOutcomes;
import dev.switchboard.messaging.queue.WorkQueue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order rules, the accepting side of the durable intake, and — before a write answers — invalidating
 * the cached answers it changed.
 */
final class OrderService {
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String NUMERIC_OUT_OF_RANGE = "22003";
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

  private final OrderRepository orders;
  private final IntakeRepository intake;
  private final WorkQueue intakeQueue;
  private final CallOutcomes calls;
  private final CacheInvalidator cache;
  private final Duration republishAfter;

  OrderService(OrderRepository orders, IntakeRepository intake, WorkQueue intakeQueue, CallOutcomes calls,
               CacheInvalidator cache, Duration republishAfter) {
    this.orders = orders;
    this.intake = intake;
    this.intakeQueue = intakeQueue;
    this.calls = calls;
    this.cache = cache;
    this.republishAfter = republishAfter;
  }

  /** Creates an order; a redelivered call answers the order it created the first time. */
  Future<JsonObject> create(JsonObject body, String callId) {
    NewOrder order = OrderValidator.newOrder(body);
    return calls.once(callId, conn -> orders.insert(conn, order).compose(created -> created != null
            ? Future.succeededFuture(created) : Future.failedFuture(noSuchUser(order.userId()))))
        .recover(e -> Future.failedFuture(isForeignKeyViolation(e) ? noSuchUser(order.userId()) : e))
        .compose(answer -> cache.invalidate(CacheKeys.userOrders(order.userId())).map(answer.body()));
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

  /** Deletes an order; a redelivered call answers as the first one did, not 404. */
  Future<JsonObject> delete(JsonObject body, String callId) {
    int id = OrderValidator.orderId(body);
    return calls.once(callId, conn -> orders.delete(conn, id).compose(userId -> userId != null
            ? Future.succeededFuture(new JsonObject().put("user_id", userId)) : Future.failedFuture(notFound(id))))
        .compose(answer -> {
          Integer userId = answer.body() == null ? null : answer.body().getInteger("user_id");
          return (userId == null ? cache.invalidate(CacheKeys.order(id))
              : cache.invalidate(CacheKeys.order(id), CacheKeys.userOrders(userId))).map(new JsonObject());
        });
  }

  /**
   * Accepts an order for the intake queue: validates it, records the request as QUEUED together with its
   * message (the outbox), hands the message to the queue and answers 202. When the queue cannot take
   * messages now, it answers 503 before recording anything. Once recorded, the request is answered 202
   * even if this publish fails: the request is then marked, and a marked request still QUEUED after
   * {@code intake.republishAfterSeconds} is published again ({@link #republishOverdue}); the consumer stores
   * each request id once — so a 202 always becomes exactly one order and a 503 never does. A request whose
   * publish succeeded costs one commit and is not marked: the broker holds its message. With an idempotency key (or, for a call over
   * RabbitMQ, the call's id) the request id is derived from it, so a repeated post finds the first one; the
   * same key with another order is refused.
   */
  Future<JsonObject> enqueue(JsonObject body, String callId) {
    if (!(body.getValue("order") instanceof JsonObject orderJson)) {
      throw ServiceFailure.badRequest("order must be a JSON object");
    }
    NewOrder order = OrderValidator.newOrder(orderJson);
    String key = idempotencyKey(body);
    UUID requestId = key != null ? UUID.nameUUIDFromBytes(("switchboard-intake:" + key).getBytes(StandardCharsets.UTF_8))
        : callId != null ? UUID.nameUUIDFromBytes(("switchboard-call:" + callId).getBytes(StandardCharsets.UTF_8))
        : UUID.randomUUID();
    if (!intakeQueue.canPublish()) {
      return Future.failedFuture(ServiceFailure.unavailable("The message broker is not reachable; nothing was recorded"));
    }
    String hash = payloadHash(order);
    JsonObject message = order.toJson().put("request_id", requestId.toString());
    return intake.accept(requestId, key, hash, message).compose(accepted -> {
      if (!accepted.inserted() && !hash.equals(accepted.payloadHash())) {
        return Future.failedFuture(ServiceFailure.unprocessable(
            "Idempotency-Key was already used for a different order"));
      }
      if (!"QUEUED".equals(accepted.status())) {
        return Future.succeededFuture(new IntakeRepository.Outcome(accepted.status(), accepted.orderId(),
            accepted.reason()).toJson(requestId));
      }
      JsonObject queued = new JsonObject().put("request_id", requestId.toString()).put("status", "QUEUED");
      return publish(requestId, message, RequestContext.requestId()).transform(published -> {
        if (published.succeeded()) {
          // the broker holds it: one commit for the whole acceptance
          return Future.succeededFuture(queued);
        }
        // marked for the sweep, which publishes it again; unmarked, nothing would come of it: say so
        return intake.published(requestId).transform(noted -> {
          if (noted.failed()) {
            return Future.failedFuture(ServiceFailure.unavailable("The order could not be queued; nothing will "
                + "come of this request"));
          }
          LOG.warn("Intake request {} recorded but not yet published ({}); it is published again within {} s",
              requestId, published.cause().getMessage(), republishAfter.toSeconds());
          return Future.succeededFuture(queued);
        });
      });
    });
  }

  private Future<Void> publish(UUID requestId, JsonObject message, String traceId) {
    Map<String, String> headers = traceId == null ? Map.of() : Map.of(Headers.REQUEST_ID, traceId);
    return intakeQueue.publish(requestId.toString(), message.toBuffer(), headers);
  }

  /** Publishes again the requests still QUEUED long after their last publish; how many. */
  Future<Integer> republishOverdue(int limit) {
    return intake.claimOverdue(republishAfter, limit).compose(overdue -> {
      List<Future<Void>> published = new ArrayList<>();
      for (IntakeRepository.Overdue o : overdue) {
        published.add(publish(o.requestId(), o.message(), null));
      }
      if (!overdue.isEmpty()) {
        LOG.info("Published {} intake request(s) again: still QUEUED {} s after their last publish", overdue.size(),
            republishAfter.toSeconds());
      }
      return Future.join(published).map(overdue.size()).otherwise(overdue.size());
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
