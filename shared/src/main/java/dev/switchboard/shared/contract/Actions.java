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
}
