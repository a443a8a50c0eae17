package dev.switchboard.contract.order;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Where an intake request stands: {@code QUEUED}, then {@code STORED} (with its order's id) or
 * {@code REJECTED} (with the reason). On the wire {@code {"request_id","status","order_id"?,"reason"?}}.
 */
public record IntakeStatus(UUID intakeId, String status, Integer orderId, String reason) {
  public static final String QUEUED = "QUEUED";
  public static final String STORED = "STORED";
  public static final String REJECTED = "REJECTED";
  /** The wire name of the intake request's id (in the status and in the intake queue's messages). */
  public static final String INTAKE_ID = "request_id";

  public static IntakeStatus queued(UUID intakeId) {
    return new IntakeStatus(intakeId, QUEUED, null, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(INTAKE_ID, intakeId.toString()).put(Order.STATUS, status);
    if (orderId != null) {
      json.put(Order.ORDER_ID, orderId);
    }
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }

  public static IntakeStatus fromJson(JsonObject json) {
    return new IntakeStatus(UUID.fromString(json.getString(INTAKE_ID)), json.getString(Order.STATUS),
        json.getInteger(Order.ORDER_ID), json.getString("reason"));
  }
}
