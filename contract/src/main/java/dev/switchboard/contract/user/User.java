package dev.switchboard.contract.user;

import io.vertx.core.json.JsonObject;

/**
 * A user as the user service answers it — never its password. Timestamps are ISO-8601 in UTC, as
 * stored. On the wire {@code {"user_id","nick_name","full_name","cpf","email","phone_number","created_at",
 * "updated_at"}}.
 */
public record User(int userId, String nickName, String fullName, String cpf, String email, String phoneNumber,
                   String createdAt, String updatedAt) {
  public static final String USER_ID = "user_id";
  public static final String NICK_NAME = "nick_name";
  static final String FULL_NAME = "full_name";
  static final String CPF = "cpf";
  static final String EMAIL = "email";
  static final String PHONE_NUMBER = "phone_number";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";

  public JsonObject toJson() {
    return new JsonObject().put(USER_ID, userId).put(NICK_NAME, nickName).put(FULL_NAME, fullName).put(CPF, cpf)
        .put(EMAIL, email).put(PHONE_NUMBER, phoneNumber).put(CREATED_AT, createdAt).put(UPDATED_AT, updatedAt);
  }

  public static User fromJson(JsonObject json) {
    return new User(json.getInteger(USER_ID), json.getString(NICK_NAME), json.getString(FULL_NAME),
        json.getString(CPF), json.getString(EMAIL), json.getString(PHONE_NUMBER), json.getString(CREATED_AT),
        json.getString(UPDATED_AT));
  }
}
