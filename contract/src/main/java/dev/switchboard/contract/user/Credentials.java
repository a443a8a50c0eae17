package dev.switchboard.contract.user;

import dev.switchboard.contract.FieldErrors;
import dev.switchboard.contract.Fields;
import io.vertx.core.json.JsonObject;

/** A sign-in: {@code {"nick_name","password"}}; {@link #toString()} never shows the password. */
public record Credentials(String nickName, String password) {
  static final String PASSWORD = "password";

  /** The credentials a request carries, or a 400 listing every failing field. */
  public static Credentials fromJson(JsonObject json) {
    FieldErrors errors = new FieldErrors();
    String nick = Fields.string(json, User.NICK_NAME, errors, true);
    String password = Fields.string(json, PASSWORD, errors, true);
    if (nick != null && (nick.isEmpty() || Fields.length(nick) > 50)) {
      errors.add(User.NICK_NAME, User.NICK_NAME + " must be 1 to 50 characters");
    }
    if (password != null && (password.isEmpty() || Fields.length(password) > UserRules.MAX_PASSWORD)) {
      errors.add(PASSWORD, PASSWORD + " must be 1 to " + UserRules.MAX_PASSWORD + " characters");
    }
    errors.throwIfAny();
    return new Credentials(nick, password);
  }

  public JsonObject toJson() {
    return new JsonObject().put(User.NICK_NAME, nickName).put(PASSWORD, password);
  }

  @Override
  public String toString() {
    return "Credentials[nickName=" + nickName + "]";
  }
}
