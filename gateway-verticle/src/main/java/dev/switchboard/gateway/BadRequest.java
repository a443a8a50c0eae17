package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;

/** Input the gateway rejects itself (a body that is not a JSON object, a non-numeric id …): a 400. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient JsonArray errors;

  BadRequest(String message) {
    this(message, null);
  }

  BadRequest(String message, JsonArray errors) {
    super(message, null, false, false);
    this.errors = errors;
  }

  JsonArray errors() {
    return errors;
  }
}
