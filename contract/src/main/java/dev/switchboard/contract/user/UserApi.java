package dev.switchboard.contract.user;

import dev.switchboard.contract.ApiClient;
import dev.switchboard.contract.ApiServer;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The user service ({@link Service#USER}). Every future fails with a {@link ServiceFailure} whose status is
 * what the failure means: 400 (invalid fields, each listed), 401 (no signed-in caller, or a failed sign-in),
 * 403 (the current password is wrong; another user's data), 404 (no such user), 409 (nick_name taken; a
 * user who has orders cannot be deleted; a password changed meanwhile), 503/504 (the service or its database
 * is not available in time). Who may call what ({@link dev.switchboard.contract.Access}): anyone may create
 * a user and sign in; a signed-in user reads, changes and deletes their own user; an admin lists users and
 * acts on any.
 */
public interface UserApi {
  /** The action names: the event-bus {@code action} header, the AMQP {@code type} property. */
  String CREATE = "create";
  String LIST = "list";
  String GET = "get";
  String UPDATE = "update";
  String CHANGE_PASSWORD = "change-password";
  String DELETE = "delete";
  String SIGN_IN = "sign-in";
  String REFRESH = "refresh";
  String SIGN_OUT = "sign-out";

  Future<User> create(NewUser user);

  /** Users ordered by id. */
  Future<Page<User>> list(PageRequest page);

  Future<User> get(int userId);

  Future<User> update(int userId, UserChanges changes);

  Future<Void> changePassword(int userId, PasswordChange change);

  Future<Void> delete(int userId);

  /**
   * Checks a nick_name and password and opens a session (a new refresh-token family); a wrong password and an
   * unknown nick_name fail alike with 401, in the same time.
   */
  Future<Session> signIn(Credentials credentials);

  /**
   * Rotates a refresh token: the old one stops working and a new one of the same family is answered. A token
   * already rotated (a reuse: stolen, or replayed) revokes its whole family and fails with 401, as does an
   * unknown, expired or revoked one.
   */
  Future<Session> refresh(RefreshToken token);

  /** Revokes the token's family (idempotent: an unknown token succeeds too). */
  Future<Void> signOut(RefreshToken token);

  /** Calls the user service over {@code transport}. */
  static UserApi client(ServiceClient transport) {
    ApiClient api = new ApiClient(transport);
    return new UserApi() {
      @Override
      public Future<User> create(NewUser user) {
        return api.call(CREATE, user.toJson(), User::fromJson);
      }

      @Override
      public Future<Page<User>> list(PageRequest page) {
        return api.call(LIST, page.toJson(), json -> Page.fromJson(json, User::fromJson));
      }

      @Override
      public Future<User> get(int userId) {
        return api.call(GET, id(userId), User::fromJson);
      }

      @Override
      public Future<User> update(int userId, UserChanges changes) {
        return api.call(UPDATE, changes.toJson().put(User.USER_ID, userId), User::fromJson);
      }

      @Override
      public Future<Void> changePassword(int userId, PasswordChange change) {
        return api.call(CHANGE_PASSWORD, change.toJson().put(User.USER_ID, userId));
      }

      @Override
      public Future<Void> delete(int userId) {
        return api.call(DELETE, id(userId));
      }

      @Override
      public Future<Session> signIn(Credentials credentials) {
        return api.call(SIGN_IN, credentials.toJson(), Session::fromJson);
      }

      @Override
      public Future<Session> refresh(RefreshToken token) {
        return api.call(REFRESH, token.toJson(), Session::fromJson);
      }

      @Override
      public Future<Void> signOut(RefreshToken token) {
        return api.call(SIGN_OUT, token.toJson());
      }
    };
  }

  /** Serves {@code users}: each action decodes and checks its request, calls it and encodes the reply. */
  static Map<String, ApiServer.Action> server(UserApi users) {
    return new ApiServer()
        .on(CREATE, NewUser::fromJson, user -> users.create(user).map(User::toJson))
        .on(LIST, UserRules::page, page -> users.list(page).map(p -> p.toJson(User::toJson)))
        .on(GET, UserRules::userId, id -> users.get(id).map(User::toJson))
        .on(UPDATE, json -> Map.entry(UserRules.userId(json), UserChanges.fromJson(json)),
            call -> users.update(call.getKey(), call.getValue()).map(User::toJson))
        .on(CHANGE_PASSWORD, json -> Map.entry(UserRules.userId(json), PasswordChange.fromJson(json)),
            call -> ApiServer.empty(users.changePassword(call.getKey(), call.getValue())))
        .on(DELETE, UserRules::userId, id -> ApiServer.empty(users.delete(id)))
        .on(SIGN_IN, Credentials::fromJson, credentials -> users.signIn(credentials).map(Session::toJson))
        .on(REFRESH, RefreshToken::fromJson, token -> users.refresh(token).map(Session::toJson))
        .on(SIGN_OUT, RefreshToken::fromJson, token -> ApiServer.empty(users.signOut(token)))
        .actions();
  }

  private static JsonObject id(int userId) {
    return new JsonObject().put(User.USER_ID, userId);
  }
}
