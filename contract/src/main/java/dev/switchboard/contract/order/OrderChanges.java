package dev.switchboard.contract.order;

import io.vertx.core.json.JsonObject;

/** What an update changes (null: unchanged), valid by {@link OrderRules#changes}. */
public record OrderChanges(String itemDescription, Integer itemQuantity, Integer itemPrice, String status) {

  /** The changes a request asks for, or a 400 listing every failing field. */
  public static OrderChanges fromJson(JsonObject json) {
    return OrderRules.changes(json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (itemDescription != null) {
      json.put(Order.ITEM_DESCRIPTION, itemDescription);
    }
    if (itemQuantity != null) {
      json.put(Order.ITEM_QUANTITY, itemQuantity);
    }
    if (itemPrice != null) {
      json.put(Order.ITEM_PRICE, itemPrice);
    }
    if (status != null) {
      json.put(Order.STATUS, status);
    }
    return json;
  }
}
