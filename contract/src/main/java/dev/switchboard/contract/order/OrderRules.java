package dev.switchboard.contract.order;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules an order obeys: {@code user_id} an id, {@code item_description} 1–256 characters after
 * trimming, {@code item_quantity} ≥ 1, {@code item_price} ≥ 0, and a {@code total_value} that fits an
 * integer (422 otherwise). Every failing field is listed; unknown fields are ignored.
 */
public final class OrderRules {
  public static final Set<String> STATUSES = Set.of("PENDING", "CONFIRMED", "CANCELLED");
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final int MAX_DESCRIPTION = 256;

  private OrderRules() {
  }

  public static NewOrder newOrder(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Integer userId = Fields.integer(body, Order.USER_ID, 1, Fields.MAX_ID, errors, true);
    String description = description(body, errors, true);
    Integer quantity = Fields.integer(body, "item_quantity", 1, Integer.MAX_VALUE, errors, true);
    Integer price = Fields.integer(body, "item_price", 0, Integer.MAX_VALUE, errors, true);
    errors.throwIfAny();
    checkTotal(quantity, price);
    return new NewOrder(userId, description, quantity, price);
  }

  /** The changes of a PUT (at least one field); the total is checked against the stored values later. */
  public static OrderChanges changes(JsonObject body) {
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

  public static int orderId(JsonObject body) {
    return Fields.id(body, Order.ORDER_ID);
  }

  public static int userId(JsonObject body) {
    return Fields.id(body, Order.USER_ID);
  }

  /** An optional user id (the filter of a listing), or a 400. */
  public static Integer optionalUserId(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    Integer userId = Fields.integer(body, Order.USER_ID, 1, Fields.MAX_ID, errors, false);
    errors.throwIfAny();
    return userId;
  }

  public static PageRequest page(JsonObject body) {
    return PageRequest.fromJson(body, DEFAULT_LIMIT, MAX_LIMIT);
  }

  /** An intake request's id, or a 400 naming {@code field}. */
  public static UUID intakeId(Object value, String field) {
    UUID id = parseIntakeId(value);
    if (id == null) {
      throw ServiceFailure.invalid(new JsonArray().add(ServiceFailure.fieldError(field, field + " must be a UUID")));
    }
    return id;
  }

  /** An intake request's id, or null when {@code value} is not one. */
  public static UUID parseIntakeId(Object value) {
    if (value instanceof String id) {
      try {
        return UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** A client's idempotency key (1–255 visible ASCII characters), null when none, or a 400. */
  public static String idempotencyKey(Object key) {
    if (key == null) {
      return null;
    }
    if (!(key instanceof String s) || !IDEMPOTENCY_KEY.matcher(s).matches()) {
      throw ServiceFailure.invalid(new JsonArray().add(ServiceFailure.fieldError("Idempotency-Key",
          "Idempotency-Key must be 1 to 255 visible ASCII characters")));
    }
    return s;
  }

  /** 422 when quantity × price does not fit the integer total_value column. */
  public static void checkTotal(long quantity, long price) {
    if (quantity * price > Integer.MAX_VALUE) {
      throw totalTooLarge();
    }
  }

  public static ServiceFailure totalTooLarge() {
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
