package dev.switchboard.contract.order;

import io.vertx.core.json.JsonObject;

/**
 * An order as the order service answers it. On the wire {@code {"order_id","user_id","item_description",
 * "item_quantity","item_price","total_value","status","created_at","updated_at"}}.
 */
public record Order(int orderId, int userId, String itemDescription, int itemQuantity, int itemPrice, int totalValue,
                    String status, String createdAt, String updatedAt) {
  public static final String ORDER_ID = "order_id";
  public static final String USER_ID = "user_id";
  static final String ITEM_DESCRIPTION = "item_description";
  static final String ITEM_QUANTITY = "item_quantity";
  static final String ITEM_PRICE = "item_price";
  static final String TOTAL_VALUE = "total_value";
  static final String STATUS = "status";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";

  public JsonObject toJson() {
    return new JsonObject().put(ORDER_ID, orderId).put(USER_ID, userId).put(ITEM_DESCRIPTION, itemDescription)
        .put(ITEM_QUANTITY, itemQuantity).put(ITEM_PRICE, itemPrice).put(TOTAL_VALUE, totalValue).put(STATUS, status)
        .put(CREATED_AT, createdAt).put(UPDATED_AT, updatedAt);
  }

  public static Order fromJson(JsonObject json) {
    return new Order(json.getInteger(ORDER_ID), json.getInteger(USER_ID), json.getString(ITEM_DESCRIPTION),
        json.getInteger(ITEM_QUANTITY), json.getInteger(ITEM_PRICE), json.getInteger(TOTAL_VALUE),
        json.getString(STATUS), json.getString(CREATED_AT), json.getString(UPDATED_AT));
  }
}
