package dev.switchboard.contract.order;

import dev.switchboard.contract.PageRequest;
import io.vertx.core.json.JsonObject;

/** A listing of orders: one user's ({@code userId}), or everybody's when null. */
public record OrderQuery(Integer userId, PageRequest page) {

  /** The query a request asks for, or a 400 naming the failing field. */
  public static OrderQuery fromJson(JsonObject json) {
    Integer userId = OrderRules.optionalUserId(json);
    return new OrderQuery(userId, OrderRules.page(json));
  }

  public JsonObject toJson() {
    JsonObject json = page.toJson();
    return userId == null ? json : json.put(Order.USER_ID, userId);
  }
}
