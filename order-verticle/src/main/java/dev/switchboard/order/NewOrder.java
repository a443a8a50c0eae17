package dev.switchboard.order;

import io.vertx.core.json.JsonObject;

/** A validated order to create; its total is computed here, never taken from the client. */
record NewOrder(int userId, String itemDescription, int itemQuantity, int itemPrice) {

  int totalValue() {
    return Math.multiplyExact(itemQuantity, itemPrice);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("user_id", userId)
        .put("item_description", itemDescription)
        .put("item_quantity", itemQuantity)
        .put("item_price", itemPrice);
  }
}
