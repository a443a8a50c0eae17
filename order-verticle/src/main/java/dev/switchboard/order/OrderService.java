package dev.switchboard.order;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Access;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.Principal;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.order.IntakeMessage;
import dev.switchboard.contract.order.IntakeRequest;
import dev.switchboard.contract.order.IntakeStatus;
import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.contract.order.Order;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.order.OrderChanges;
import dev.switchboard.contract.order.OrderQuery;
import dev.switchboard.contract.order.OrderRules;
import dev.switchboard.messaging.events.SystemEvents;
import dev.switchboard.messaging.queue.WorkQueue;
import dev.switchboard.storage.CallOutcomes;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order rules behind {@link OrderApi} (its requests arrive valid: the contract checked them), the
 * accepting side of the durable intake, and — before a write answers — invalidating the cached answers it
 * changed. A redelivered non-idempotent call ({@link RequestContext#callId()}) answers as the first did.
 */
final class OrderService implements OrderApi {
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String NUMERIC_OUT_OF_RANGE = "22003";
  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

  private final OrderRepository orders;
  private final IntakeRepository intake;
  private final WorkQueue intakeQueue;
  private final CallOutcomes calls;
  private final CacheInvalidator cache;
  private final Duration republishAfter;
  private final Access access;
  private final SystemEvents events;

  OrderService(OrderRepository orders, IntakeRepository intake, WorkQueue intakeQueue, CallOutcomes calls,
               CacheInvalidator cache, Duration republishAfter, Access access, SystemEvents events) {
    this.access = access;
    this.events = events;
    this.orders = orders;
    this.intake = intake;
    this.intakeQueue = intakeQueue;
    this.calls = calls;
    this.cache = cache;
    this.republishAfter = republishAfter;
  }

  /** Creates an order; a redelivered call answers the order it created the first time. */
  @Override
  public Future<Order> create(NewOrder order) {
    return access.owner(order.userId()).compose(v -> insert(order));
  }

  private Future<Order> insert(NewOrder order) {
    return calls.once(RequestContext.callId(), conn -> orders.insert(conn, order).compose(created -> created != null
            ? Future.succeededFuture(created) : Future.failedFuture(noSuchUser(order.userId()))))
        .recover(e -> Future.failedFuture(isForeignKeyViolation(e) ? noSuchUser(order.userId()) : e))
        .compose(answer -> cache.invalidate(CacheKeys.userOrders(order.userId())).map(Order.fromJson(answer.body())));
  }

  @Override
  public Future<Page<Order>> list(OrderQuery query) {
    Integer userId = query.userId();
    Future<Void> allowed;
    if (userId != null) {
      allowed = access.owner(userId);
    } else if (access.seesAll()) {
      allowed = Future.succeededFuture();
    } else {
      // a user who asks for every order gets their own
      Principal principal = RequestContext.principal();
      allowed = principal == null ? access.admin() : Future.succeededFuture();
      userId = principal == null ? null : Integer.valueOf(principal.subject());
    }
    Integer owner = userId;
    return allowed.compose(v -> orders.list(owner, query.page().limit(), query.page().offset())).map(Page::new);
  }

  @Override
  public Future<Page<Order>> listByUser(int userId, PageRequest page) {
    return access.owner(userId).compose(v -> orders.userExists(userId)).compose(exists -> exists
        ? orders.list(userId, page.limit(), page.offset()).map(Page::new)
        : Future.failedFuture(ServiceFailure.notFound("No user with id " + userId)));
  }

  @Override
  public Future<Order> get(int orderId) {
    return owned(orderId);
  }

  /** The order when the caller may act on it: 404 when there is none, 401/403 when it is another's. */
  private Future<Order> owned(int orderId) {
    return access.signedIn().compose(v -> orders.find(orderId)).compose(order -> found(order, orderId))
        .compose(order -> access.owner(order.userId()).map(order));
  }

  @Override
  public Future<Order> update(int orderId, OrderChanges changes) {
    Future<?> allowed = access.isEnforced() && !access.seesAll() ? owned(orderId) : Future.succeededFuture();
    return allowed.compose(v -> orders.update(orderId, changes))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && NUMERIC_OUT_OF_RANGE.equals(pg.getSqlState())
            ? OrderRules.totalTooLarge() : e))
        .compose(order -> found(order, orderId))
        .compose(order -> cache.invalidate(CacheKeys.order(orderId), CacheKeys.userOrders(order.userId())).map(order));
  }

  /** Deletes an order; a redelivered call answers as the first one did, not 404. */
  @Override
  public Future<Void> delete(int orderId) {
    Future<?> allowed = access.isEnforced() && !access.seesAll() ? owned(orderId) : Future.succeededFuture();
    return allowed.compose(v -> remove(orderId));
  }

  private Future<Void> remove(int orderId) {
    // the answer kept for a redelivery names the order's user, whose cached list the delete changed
    return calls.once(RequestContext.callId(), conn -> orders.delete(conn, orderId).compose(userId -> userId != null
            ? Future.succeededFuture(new JsonObject().put(Order.USER_ID, userId))
            : Future.failedFuture(notFound(orderId))))
        .compose(answer -> {
          Integer userId = answer.body() == null ? null : answer.body().getInteger(Order.USER_ID);
          return userId == null ? cache.invalidate(CacheKeys.order(orderId))
              : cache.invalidate(CacheKeys.order(orderId), CacheKeys.userOrders(userId));
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
  @Override
  public Future<IntakeStatus> enqueue(IntakeRequest request) {
    return access.owner(request.order().userId()).compose(v -> accept(request));
  }

  private Future<IntakeStatus> accept(IntakeRequest request) {
    NewOrder order = request.order();
    String key = request.idempotencyKey();
    String callId = RequestContext.callId();
    UUID intakeId = key != null ? UUID.nameUUIDFromBytes(("switchboard-intake:" + key).getBytes(StandardCharsets.UTF_8))
        : callId != null ? UUID.nameUUIDFromBytes(("switchboard-call:" + callId).getBytes(StandardCharsets.UTF_8))
        : UUID.randomUUID();
    if (!intakeQueue.canPublish()) {
      return Future.failedFuture(ServiceFailure.unavailable("The message broker is not reachable; nothing was recorded"));
    }
    String hash = payloadHash(order);
    JsonObject message = IntakeMessage.toJson(intakeId, order);
    return intake.accept(intakeId, key, hash, message).compose(accepted -> {
      if (!accepted.inserted() && !hash.equals(accepted.payloadHash())) {
        return Future.failedFuture(ServiceFailure.unprocessable(
            "Idempotency-Key was already used for a different order"));
      }
      if (!IntakeStatus.QUEUED.equals(accepted.status())) {
        return Future.succeededFuture(new IntakeStatus(intakeId, accepted.status(), accepted.orderId(),
            accepted.reason()));
      }
      IntakeStatus queued = IntakeStatus.queued(intakeId);
      if (accepted.inserted()) {
        events.publish("intake", new JsonObject().put("request_id", intakeId.toString()).put("status", IntakeStatus.QUEUED)
            .put("item_quantity", order.itemQuantity()));
      }
      return publish(intakeId, message, RequestContext.traceId()).transform(published -> {
        if (published.succeeded()) {
          // the broker holds it: one commit for the whole acceptance
          return Future.succeededFuture(queued);
        }
        // marked for the sweep, which publishes it again; unmarked, nothing would come of it: say so
        return intake.published(intakeId).transform(noted -> {
          if (noted.failed()) {
            return Future.failedFuture(ServiceFailure.unavailable("The order could not be queued; nothing will "
                + "come of this request"));
          }
          LOG.warn("Intake request {} recorded but not yet published ({}); it is published again within {} s",
              intakeId, published.cause().getMessage(), republishAfter.toSeconds());
          return Future.succeededFuture(queued);
        });
      });
    });
  }

  private Future<Void> publish(UUID intakeId, JsonObject message, String traceId) {
    Map<String, String> headers = traceId == null ? Map.of() : Map.of(Headers.REQUEST_ID, traceId);
    return intakeQueue.publish(intakeId.toString(), message.toBuffer(), headers);
  }

  /** Publishes again the requests still QUEUED long after their last publish; how many. */
  Future<Integer> republishOverdue(int limit) {
    return intake.claimOverdue(republishAfter, limit).compose(overdue -> {
      List<Future<Void>> published = new ArrayList<>();
      for (IntakeRepository.Overdue o : overdue) {
        published.add(publish(o.intakeId(), o.message(), null));
      }
      if (!overdue.isEmpty()) {
        LOG.info("Published {} intake request(s) again: still QUEUED {} s after their last publish", overdue.size(),
            republishAfter.toSeconds());
      }
      return Future.join(published).map(overdue.size()).otherwise(overdue.size());
    });
  }

  @Override
  public Future<IntakeStatus> intakeStatus(UUID intakeId) {
    return intake.status(intakeId).compose(found -> {
      if (found == null) {
        return Future.failedFuture(ServiceFailure.notFound("No intake request " + intakeId));
      }
      Future<Void> allowed = found.owner() == null ? (access.seesAll() ? Future.succeededFuture() : access.admin())
          : access.owner(found.owner());
      return allowed.map(found.status());
    });
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

  private static Future<Order> found(Order order, int id) {
    return order == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(order);
  }

  private static ServiceFailure notFound(int id) {
    return ServiceFailure.notFound("No order with id " + id);
  }

  private static ServiceFailure noSuchUser(int userId) {
    return ServiceFailure.unprocessable("user_id " + userId + " does not exist",
        new JsonArray().add(ServiceFailure.fieldError(Order.USER_ID, "no user with id " + userId)));
  }

  private static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }
}
