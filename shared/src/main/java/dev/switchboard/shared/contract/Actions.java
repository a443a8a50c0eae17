package dev.switchboard.shared.contract;

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
}
