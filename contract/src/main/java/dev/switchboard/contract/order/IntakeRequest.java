package dev.switchboard.contract.order;

import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.json.JsonObject;

/**
 * An order for the durable intake, with the client's idempotency key (null when none). On the wire
 * {@code {"order":{…as a new order}, "idempotency_key"?}}.
 */
public record IntakeRequest(NewOrder order, String idempotencyKey) {
  static final String ORDER = "order";
  static final String IDEMPOTENCY_KEY = "idempotency_key";

  public static IntakeRequest fromJson(JsonObject json) {
    if (!(json.getValue(ORDER) instanceof JsonObject order)) {
      throw ServiceFailure.badRequest("order must be a JSON object");
    }
    NewOrder newOrder = NewOrder.fromJson(order);
    return new IntakeRequest(newOrder, OrderRules.idempotencyKey(json.getValue(IDEMPOTENCY_KEY)));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(ORDER, order.toJson());
    return idempotencyKey == null ? json : json.put(IDEMPOTENCY_KEY, idempotencyKey);
  }
}
