package dev.switchboard.contract.user;

import io.vertx.core.json.JsonObject;

/** The current and the new password of a password change; {@link #toString()} shows neither. */
public record PasswordChange(String current, String next) {
  static final String CURRENT = "current_password";
  static final String NEXT = "new_password";

  /** The change a request asks for, or a 400 listing every failing field. */
  public static PasswordChange fromJson(JsonObject json) {
    return UserRules.passwordChange(json);
  }

  public JsonObject toJson() {
    return new JsonObject().put(CURRENT, current).put(NEXT, next);
  }

  @Override
  public String toString() {
    return "PasswordChange[…]";
  }
}
