package dev.switchboard.contract;

/** Action names each service answers, one constant per action. */
public final class Actions {
  private Actions() {
  }

  /** Ping service (writer side). */
  public static final class Ping {
    /** {@code {"msg"}} → {@code {"id","date","msg"}} once the broker confirmed the message. */
    public static final String PUBLISH = "publish";

    private Ping() {
    }
  }

  /** Pong (reader side of the ping service). */
  public static final class Pong {
    /** {@code {"limit"?, "after"?}} → {@code {"items":[{"id","date","msg"}…]}}, oldest first. */
    public static final String MESSAGES = "messages";

    private Pong() {
    }
  }

  /** User service. A user is {@code {"user_id","nick_name","full_name","cpf","email","phone_number",
   * "created_at","updated_at"}}, never its password. */
  public static final class User {
    /** {@code {"nick_name","password","full_name","cpf","email","phone_number"}} → the user. */
    public static final String CREATE = "create";
    /** {@code {"limit"?, "offset"?}} → {@code {"items":[user…]}} ordered by user_id. */
    public static final String LIST = "list";
    /** {@code {"user_id"}} → the user, or 404. */
    public static final String GET = "get";
    /** {@code {"user_id", any of nick_name, full_name, cpf, email, phone_number}} → the updated user. */
    public static final String UPDATE = "update";
    /** {@code {"user_id","current_password","new_password"}} → {@code {}}; 403 when the current one is wrong. */
    public static final String CHANGE_PASSWORD = "change-password";
    /** {@code {"user_id"}} → {@code {}}; 404 when absent, 409 while the user has orders. */
    public static final String DELETE = "delete";

    private User() {
    }
  }

  /** Order service. An order is {@code {"order_id","user_id","item_description","item_quantity","item_price",
   * "total_value","status","created_at","updated_at"}}. */
  public static final class Order {
    /** {@code {"user_id","item_description","item_quantity","item_price"}} → the order; 422 when the user does not exist. */
    public static final String CREATE = "create";
    /** {@code {"user_id"?, "limit"?, "offset"?}} → {@code {"items":[order…]}} ordered by order_id. */
    public static final String LIST = "list";
    /** {@code {"user_id", "limit"?, "offset"?}} → {@code {"items":[…]}}; 404 when the user does not exist. */
    public static final String LIST_BY_USER = "list-by-user";
    /** {@code {"order_id"}} → the order, or 404. */
    public static final String GET = "get";
    /** {@code {"order_id", any of item_description, item_quantity, item_price, status}} → the updated order. */
    public static final String UPDATE = "update";
    /** {@code {"order_id"}} → {@code {}}; 404 when absent. */
    public static final String DELETE = "delete";
    /** {@code {"order":{…as create}, "idempotency_key"?}} → {@code {"request_id","status"}} once the intake
     * queue holds it. */
    public static final String ENQUEUE = "enqueue";
    /** {@code {"request_id"}} → {@code {"request_id","status","order_id"?,"reason"?}}, or 404. */
    public static final String INTAKE_STATUS = "intake-status";

    private Order() {
    }
  }
}
