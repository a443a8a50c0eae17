package dev.switchboard.contract.order;

import io.vertx.core.json.JsonObject;

/**
 * An order to create, valid by {@link OrderRules} (build one with {@link #fromJson}); its total is computed
 * here, never taken from the client.
 */
public record NewOrder(int userId, String itemDescription, int itemQuantity, int itemPrice) {

  /** The order a request asks for, or a 400 listing every failing field (422 when its total overflows). */
  public static NewOrder fromJson(JsonObject json) {
    return OrderRules.newOrder(json);
  }

  public int totalValue() {
    return Math.multiplyExact(itemQuantity, itemPrice);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put(Order.USER_ID, userId)
        .put(Order.ITEM_DESCRIPTION, itemDescription)
        .put(Order.ITEM_QUANTITY, itemQuantity)
        .put(Order.ITEM_PRICE, itemPrice);
  }
}
