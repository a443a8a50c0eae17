package dev.switchboard.order;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/**
 * The rules an order obeys: {@code user_id} an id, {@code item_description} 1–256 characters after
 * trimming, {@code item_quantity} ≥ 1, {@code item_price} ≥ 0, and a {@code total_value} that fits an
 * integer (422 otherwise). Every failing field is listed; unknown fields are ignored.
 */
final class OrderValidator {
  static final Set<String> STATUSES = Set.of("PENDING", "CONFIRMED", "CANCELLED");
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final int MAX_DESCRIPTION = 256;

  private OrderValidator() {
  }

  static NewOrder newOrder(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Integer userId = Fields.integer(body, "user_id", 1, Fields.MAX_ID, errors, true);
    String description = description(body, errors, true);
    Integer quantity = Fields.integer(body, "item_quantity", 1, Integer.MAX_VALUE, errors, true);
    Integer price = Fields.integer(body, "item_price", 0, Integer.MAX_VALUE, errors, true);
    errors.throwIfAny();
    checkTotal(quantity, price);
    return new NewOrder(userId, description, quantity, price);
  }

  /** The changes of a PUT (at least one field); the total is checked against the stored values later. */
  static OrderChanges changes(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    String description = description(body, errors, false);
    Integer quantity = Fields.integer(body, "item_quantity", 1, Integer.MAX_VALUE, errors, false);
    Integer price = Fields.integer(body, "item_price", 0, Integer.MAX_VALUE, errors, false);
    String status = Fields.string(body, "status", errors, false);
    if (status != null) {
      status = status.strip().toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        errors.add("status", "status must be one of PENDING, CONFIRMED, CANCELLED");
      }
    }
    if (errors.isEmpty() && description == null && quantity == null && price == null && status == null) {
      errors.add("body", "give at least one of item_description, item_quantity, item_price, status");
    }
    errors.throwIfAny();
    if (quantity != null && price != null) {
      checkTotal(quantity, price);
    }
    return new OrderChanges(description, quantity, price, status);
  }

  static int orderId(JsonObject body) {
    return Fields.id(body, "order_id");
  }

  static int userId(JsonObject body) {
    return Fields.id(body, "user_id");
  }

  static int[] page(JsonObject body) {
    return Fields.page(body, DEFAULT_LIMIT, MAX_LIMIT);
  }

  /** 422 when quantity × price does not fit the integer total_value column. */
  static void checkTotal(long quantity, long price) {
    if (quantity * price > Integer.MAX_VALUE) {
      throw totalTooLarge();
    }
  }

  static ServiceFailure totalTooLarge() {
    return ServiceFailure.unprocessable("item_quantity × item_price exceeds the largest total_value ("
        + Integer.MAX_VALUE + ")", new JsonArray().add(ServiceFailure.fieldError("total_value",
        "item_quantity × item_price must be at most " + Integer.MAX_VALUE)));
  }

  private static String description(JsonObject body, FieldErrors errors, boolean required) {
    String value = Fields.text(body, "item_description", errors, required);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    int length = Fields.length(trimmed);
    if (length < 1 || length > MAX_DESCRIPTION) {
      errors.add("item_description", "item_description must be 1 to " + MAX_DESCRIPTION + " characters after trimming");
      return null;
    }
    return trimmed;
  }
}
