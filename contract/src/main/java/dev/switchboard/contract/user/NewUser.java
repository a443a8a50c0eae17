package dev.switchboard.contract.user;

import io.vertx.core.json.JsonObject;

/**
 * A user to create, valid by {@link UserRules} (build one with {@link #fromJson}); {@link #toString()}
 * never shows the password.
 */
public record NewUser(String nickName, String password, String fullName, String cpf, String email, String phoneNumber) {

  /** The user a request asks for, or a 400 listing every failing field. */
  public static NewUser fromJson(JsonObject json) {
    return UserRules.newUser(json);
  }

  public JsonObject toJson() {
    return new JsonObject().put(User.NICK_NAME, nickName).put("password", password).put(User.FULL_NAME, fullName)
        .put(User.CPF, cpf).put(User.EMAIL, email).put(User.PHONE_NUMBER, phoneNumber);
  }

  @Override
  public String toString() {
    return "NewUser[nickName=" + nickName + "]";
  }
}
