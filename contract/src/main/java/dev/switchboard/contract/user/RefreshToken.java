package dev.switchboard.contract.user;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import io.vertx.core.json.JsonObject;

/**
 * An opaque refresh token, {@code {"refresh_token"}}: random, shown to its holder once, stored only as a hash;
 * {@link #toString()} never shows it.
 */
public record RefreshToken(String value) {
  public static final String REFRESH_TOKEN = "refresh_token";
  private static final int MAX = 200;

  /** The token a request carries, or a 400. */
  public static RefreshToken fromJson(JsonObject json) {
    FieldErrors errors = new FieldErrors();
    String value = Fields.string(json, REFRESH_TOKEN, errors, true);
    if (value != null && (value.isEmpty() || value.length() > MAX)) {
      errors.add(REFRESH_TOKEN, REFRESH_TOKEN + " must be 1 to " + MAX + " characters");
    }
    errors.throwIfAny();
    return new RefreshToken(value);
  }

  public JsonObject toJson() {
    return new JsonObject().put(REFRESH_TOKEN, value);
  }

  @Override
  public String toString() {
    return "RefreshToken[…]";
  }
}
