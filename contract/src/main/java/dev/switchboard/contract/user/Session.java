package dev.switchboard.contract.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a sign-in or a refresh yields: the user, their roles (for the access token the gateway signs) and a new
 * refresh token. On the wire {@code {"user_id","roles":[…],"refresh_token","expires_in"}}; {@link #toString()}
 * never shows the token.
 */
public record Session(int userId, Set<String> roles, RefreshToken refreshToken, long refreshExpiresInSeconds) {
  static final String ROLES = "roles";
  static final String EXPIRES_IN = "expires_in";

  public static Session fromJson(JsonObject json) {
    Set<String> roles = new LinkedHashSet<>();
    JsonArray array = json.getJsonArray(ROLES, new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      roles.add(array.getString(i));
    }
    return new Session(json.getInteger(User.USER_ID), roles,
        new RefreshToken(json.getString(RefreshToken.REFRESH_TOKEN)), json.getLong(EXPIRES_IN, 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put(User.USER_ID, userId).put(ROLES, new JsonArray(java.util.List.copyOf(roles)))
        .put(RefreshToken.REFRESH_TOKEN, refreshToken.value()).put(EXPIRES_IN, refreshExpiresInSeconds);
  }

  @Override
  public String toString() {
    return "Session[userId=" + userId + ", roles=" + roles + "]";
  }
}
