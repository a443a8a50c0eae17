package dev.switchboard.cache;

/**
 * The answers the gateway caches, one resource each (its listing variants, e.g. {@code limit=5}, live under
 * the same resource and go with it): a service that changes one of them names it to invalidate it.
 */
public final class CacheKeys {
  private CacheKeys() {
  }

  /** {@code GET /users/{id}} */
  public static String user(int userId) {
    return "users/" + userId;
  }

  /** {@code GET /orders/{id}} */
  public static String order(int orderId) {
    return "orders/" + orderId;
  }

  /** {@code GET /users/{id}/orders} */
  public static String userOrders(int userId) {
    return "users/" + userId + "/orders";
  }
}
