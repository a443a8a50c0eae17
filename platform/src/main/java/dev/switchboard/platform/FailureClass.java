package dev.switchboard.platform;

import dev.switchboard.contract.JsonInput;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.VertxException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure can ever turn out differently: {@link #PERMANENT} — the request or message itself is
 * at fault (unreadable, invalid, breaks a constraint, a 4xx) and trying again does the same — or
 * {@link #TRANSIENT} — something it depends on is away, slow or overloaded (a timeout, a lost connection,
 * a 503), and the same work may succeed later. Consumers settle permanent failures at once and retry
 * transient ones a bounded number of times; services answer transient ones 503.
 */
public enum FailureClass {
  PERMANENT,
  TRANSIENT;

  /**
   * Whether the PostgreSQL client is on the class path: only the processes that use the storage module
   * have it (the ping service does not), and {@link PgErrors} is loaded only where it is.
   */
  private static final boolean POSTGRES = present("io.vertx.pgclient.PgException");

  private static boolean present(String className) {
    try {
      Class.forName(className, false, FailureClass.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Reads PostgreSQL errors; referenced only when {@link #POSTGRES}. */
  private static final class PgErrors {
    static boolean is(Throwable t) {
      return t instanceof PgException;
    }

    static String sqlState(Throwable t) {
      return ((PgException) t).getSqlState();
    }
  }

  public static FailureClass of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ServiceFailure f) {
        return f.status() == 503 || f.status() == 504 || f.status() == 429 ? TRANSIENT : PERMANENT;
      }
      if (t instanceof ReplyException reply) {
        return switch (reply.failureType()) {
          case NO_HANDLERS, TIMEOUT -> TRANSIENT;
          case RECIPIENT_FAILURE, ERROR -> reply.failureCode() >= 400 && reply.failureCode() < 500
              && reply.failureCode() != 429 ? PERMANENT : TRANSIENT;
        };
      }
      if (POSTGRES && PgErrors.is(t)) {
        return ofSqlState(PgErrors.sqlState(t));
      }
      if (t instanceof DecodeException || t instanceof JsonInput.Invalid || t instanceof IllegalArgumentException
          || t instanceof ClassCastException) {
        return PERMANENT;
      }
      if (t instanceof TimeoutException || t instanceof IOException || t instanceof VertxException) {
        return TRANSIENT;
      }
    }
    // unknown: assume it may pass, and let the bounded retries decide
    return TRANSIENT;
  }

  /**
   * PostgreSQL's error classes: data exceptions (22), integrity violations (23), syntax or access rule
   * violations (42) and invalid values of other kinds are the request's fault; connection trouble (08),
   * serialization failures and deadlocks (40), insufficient resources (53), operator intervention such as a
   * statement timeout or a shutdown (57) and lock timeouts (55) are not.
   */
  static FailureClass ofSqlState(String state) {
    if (state == null || state.length() < 2) {
      return TRANSIENT;
    }
    return switch (state.substring(0, 2)) {
      case "22", "23", "42", "2B", "2F", "44", "21" -> PERMANENT;
      default -> TRANSIENT;
    };
  }

  /** Whether the failure means a dependency (database, broker, another service) is not available now. */
  public static boolean isDependencyDown(Throwable failure) {
    return !(failure instanceof ServiceFailure) && of(failure) == TRANSIENT;
  }
}
