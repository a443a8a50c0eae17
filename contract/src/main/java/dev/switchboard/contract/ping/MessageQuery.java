package dev.switchboard.contract.ping;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import io.vertx.core.json.JsonObject;

/**
 * Which stored pings to list: at most {@code limit} (1–1000, default 100), after the message {@code after}
 * (null: from the oldest). On the wire {@code {"limit"?, "after"?}}.
 */
public record MessageQuery(int limit, String after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;
  static final String AFTER = "after";

  /** The query a request asks for, or a 400 naming the failing field. */
  public static MessageQuery fromJson(JsonObject json) {
    FieldErrors errors = new FieldErrors();
    Integer limit = Fields.integer(json, Fields.LIMIT, 1, MAX_LIMIT, errors, false);
    String after = Fields.string(json, AFTER, errors, false);
    errors.throwIfAny();
    return new MessageQuery(limit == null ? DEFAULT_LIMIT : limit, after);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.LIMIT, limit);
    return after == null ? json : json.put(AFTER, after);
  }
}
