package dev.switchboard.contract.order;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A message on the order-intake work queue: the new order's fields and the intake request's id,
 * {@code {"request_id","user_id","item_description","item_quantity","item_price"}}.
 */
public final class IntakeMessage {
  private IntakeMessage() {
  }

  public static JsonObject toJson(UUID intakeId, NewOrder order) {
    return order.toJson().put(IntakeStatus.INTAKE_ID, intakeId.toString());
  }

  /** The message's intake id, or null when it holds none that can be read. */
  public static UUID intakeId(JsonObject message) {
    return OrderRules.parseIntakeId(message.getValue(IntakeStatus.INTAKE_ID));
  }
}
