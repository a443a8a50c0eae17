package dev.switchboard.contract.ping;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import io.vertx.core.json.JsonObject;

/** What a ping request must hold. */
public final class PingRules {
  public static final int MAX_MSG_LENGTH = 1_000;

  private PingRules() {
  }

  /** The message text of a valid request; otherwise a 400 naming the problem. */
  public static String message(JsonObject request) {
    FieldErrors errors = new FieldErrors();
    String text = Fields.text(request, PingMessage.MSG, errors, true);
    if (text != null && text.isBlank()) {
      errors.add("msg", "msg must not be empty");
    } else if (text != null && text.length() > MAX_MSG_LENGTH) {
      errors.add("msg", "msg must be at most " + MAX_MSG_LENGTH + " characters (got " + text.length() + ")");
    }
    errors.throwIfAny();
    return text;
  }
}
