package dev.switchboard.contract.user;

import io.vertx.core.json.JsonObject;

/** The profile fields an update changes (null: unchanged), valid by {@link UserRules#changes}. */
public record UserChanges(String nickName, String fullName, String cpf, String email, String phoneNumber) {

  /** The changes a request asks for, or a 400 listing every failing field. */
  public static UserChanges fromJson(JsonObject json) {
    return UserRules.changes(json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfGiven(json, User.NICK_NAME, nickName);
    putIfGiven(json, User.FULL_NAME, fullName);
    putIfGiven(json, User.CPF, cpf);
    putIfGiven(json, User.EMAIL, email);
    putIfGiven(json, User.PHONE_NUMBER, phoneNumber);
    return json;
  }

  private static void putIfGiven(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
