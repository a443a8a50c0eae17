package dev.switchboard.order;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.order.IntakeMessage;
import dev.switchboard.contract.order.IntakeStatus;
import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.platform.FailureClass;
import dev.switchboard.contract.JsonInput;
import dev.switchboard.platform.ops.CrashPoint;
import dev.switchboard.messaging.events.SystemEvents;
import dev.switchboard.messaging.queue.Outcome;
import dev.switchboard.messaging.queue.WorkMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns intake messages {@code {"request_id", "user_id", "item_description", "item_quantity", "item_price"}}
 * into orders, each settled by its {@link Outcome}. A message without a readable request id cannot be
 * settled at all: it is rejected (dead-lettered with the reason). A message whose order breaks the rules,
 * whose user does not exist, or that holds a value the database refuses (a NUL character, say, from a
 * publisher that skipped the validation) makes its request REJECTED with a reason the client may read —
 * and is done. A database that is away or too slow is a transient failure: the message is retried.
 */
final class OrderIntake {
  private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
  private final IntakeRepository repository;
  private final CacheInvalidator cache;
  private final SystemEvents events;

  OrderIntake(IntakeRepository repository, CacheInvalidator cache, SystemEvents events) {
    this.repository = repository;
    this.cache = cache;
    this.events = events;
  }

  /** From the intake queue: done once the outcome is committed. */
  Future<Outcome> onMessage(WorkMessage message) {
    JsonObject body;
    try {
      body = JsonInput.object(message.body());
    } catch (JsonInput.Invalid e) {
      return Future.succeededFuture(Outcome.reject("not an intake request: " + e.getMessage()));
    }
    UUID intakeId = IntakeMessage.intakeId(body);
    if (intakeId == null) {
      return Future.succeededFuture(Outcome.reject("not an intake request: request_id must be a UUID"));
    }
    return process(intakeId, body).map(outcome -> {
      JsonObject event = new JsonObject().put("request_id", intakeId.toString()).put("status", outcome.status());
      if (outcome.orderId() != null) {
        event.put("order_id", outcome.orderId());
      }
      if (outcome.reason() != null) {
        event.put("reason", outcome.reason().length() <= 200 ? outcome.reason() : outcome.reason().substring(0, 200) + "…");
      }
      events.publish("intake", event);
      return Outcome.done();
    });
  }

  private Future<IntakeRepository.Outcome> process(UUID intakeId, JsonObject body) {
    NewOrder order;
    try {
      order = NewOrder.fromJson(body);
    } catch (ServiceFailure invalid) {
      return repository.reject(intakeId, reason(invalid));
    }
    return repository.store(intakeId, order)
        .recover(e -> FailureClass.of(e) == FailureClass.PERMANENT && !(e instanceof ServiceFailure)
            ? repository.reject(intakeId, "the order holds a value that cannot be stored")
            : Future.failedFuture(e))
        .compose(outcome -> {
          if (IntakeStatus.REJECTED.equals(outcome.status())) {
            LOG.info("Intake request {} rejected: {}", intakeId, outcome.reason());
            return Future.succeededFuture(outcome);
          }
          CrashPoint.reached("intake-committed");
          // the user's cached order list no longer holds: drop it before the order is announced
          return cache.invalidate(CacheKeys.userOrders(order.userId()))
              .compose(v -> repository.markStored(intakeId))
              .map(outcome);
        });
  }

  /** What the validation found, field by field, as one sentence a client may read. */
  private static String reason(ServiceFailure invalid) {
    if (invalid.errors() == null) {
      return invalid.detail();
    }
    StringBuilder reason = new StringBuilder();
    invalid.errors().forEach(e -> reason.append(reason.length() == 0 ? "" : "; ")
        .append(((JsonObject) e).getString("message")));
    return reason.toString();
  }
}
