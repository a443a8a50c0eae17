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
 * what the failure means: 400 (invalid fields, each listed), 403 (the current password is wrong), 404 (no
 * such user), 409 (nick_name taken; a user who has orders cannot be deleted; a password changed meanwhile),
 * 503/504 (the service or its database is not available in time).
 */
public interface UserApi {
  /** The action names: the event-bus {@code action} header, the AMQP {@code type} property. */
  String CREATE = "create";
  String LIST = "list";
  String GET = "get";
  String UPDATE = "update";
  String CHANGE_PASSWORD = "change-password";
  String DELETE = "delete";

  Future<User> create(NewUser user);

  /** Users ordered by id. */
  Future<Page<User>> list(PageRequest page);

  Future<User> get(int userId);

  Future<User> update(int userId, UserChanges changes);

  Future<Void> changePassword(int userId, PasswordChange change);

  Future<Void> delete(int userId);

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
        .actions();
  }

  private static JsonObject id(int userId) {
    return new JsonObject().put(User.USER_ID, userId);
  }
}
