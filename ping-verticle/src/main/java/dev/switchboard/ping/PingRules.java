package dev.switchboard.ping;

import dev.switchboard.shared.contract.ServiceFailure;
import io.vertx.core.json.JsonObject;

/** What a ping request must hold. */
final class PingRules {
  static final int MAX_MSG_LENGTH = 1_000;

  private PingRules() {
  }

  /** The message text of a valid request; otherwise a 400 naming the problem. */
  static String message(JsonObject request) {
    Object msg = request.getValue("msg");
    if (msg == null) {
      throw invalid("msg is required");
    }
    if (!(msg instanceof String text)) {
      throw invalid("msg must be a string");
    }
    if (text.isBlank()) {
      throw invalid("msg must not be empty");
    }
    if (text.length() > MAX_MSG_LENGTH) {
      throw invalid("msg must be at most " + MAX_MSG_LENGTH + " characters (got " + text.length() + ")");
    }
    return text;
  }

  private static ServiceFailure invalid(String message) {
    return ServiceFailure.invalid(new io.vertx.core.json.JsonArray().add(ServiceFailure.fieldError("msg", message)));
  }
}
