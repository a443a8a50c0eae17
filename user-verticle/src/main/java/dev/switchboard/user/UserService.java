package dev.switchboard.user;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.storage.CallOutcomes;
import dev.switchboard.platform.ops.CrashPoint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.Map;

/**
 * The user rules: validation, hashing, what each outcome means to a client, and — before a write answers —
 * invalidating the cached answers it changed.
 */
final class UserService {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final UserRepository repository;
  private final CallOutcomes calls;
  private final PasswordHasher hasher;
  private final CacheInvalidator cache;

  UserService(UserRepository repository, CallOutcomes calls, PasswordHasher hasher, CacheInvalidator cache) {
    this.repository = repository;
    this.calls = calls;
    this.hasher = hasher;
    this.cache = cache;
  }

  /** Creates a user; a redelivered call answers the user it created the first time. */
  Future<JsonObject> create(JsonObject body, String callId) {
    NewUser user = UserValidator.newUser(body);
    return calls.find(callId).compose(first -> first != null ? Future.succeededFuture(first)
        : hasher.hash(user.password())
            .compose(hash -> calls.once(callId, conn -> repository.insert(conn, user, hash)))
            .map(CallOutcomes.Answer::body)
            .recover(e -> Future.failedFuture(duplicateNickName(e, user.nickName()))));
  }

  Future<JsonObject> list(JsonObject body) {
    int[] page = UserValidator.page(body);
    return repository.list(page[0], page[1]).map(users -> new JsonObject().put("items", new JsonArray(users)));
  }

  Future<JsonObject> get(JsonObject body) {
    int id = UserValidator.userId(body);
    return repository.find(id).compose(user -> found(user, id));
  }

  Future<JsonObject> update(JsonObject body) {
    int id = UserValidator.userId(body);
    Map<String, String> changes = UserValidator.update(body);
    return repository.update(id, changes)
        .recover(e -> Future.failedFuture(duplicateNickName(e, changes.get("nick_name"))))
        .compose(user -> found(user, id))
        .compose(user -> cache.invalidate(CacheKeys.user(id)).map(user));
  }

  /**
   * Changes a password once the current one is verified; a redelivered call answers as the first one did
   * (without verifying the old password again, which no longer matches).
   */
  Future<JsonObject> changePassword(JsonObject body, String callId) {
    int id = UserValidator.userId(body);
    String[] passwords = UserValidator.passwordChange(body);
    return calls.find(callId).compose(first -> first != null
        ? cache.invalidate(CacheKeys.user(id)).map(first)
        : repository.passwordHash(id).compose(stored -> {
          if (stored == null) {
            return Future.failedFuture(notFound(id));
          }
          return hasher.verify(passwords[0], stored).compose(matches -> {
            if (!matches) {
              return Future.failedFuture(ServiceFailure.forbidden("current_password is wrong"));
            }
            return hasher.hash(passwords[1])
                .compose(hash -> calls.once(callId, conn -> repository.replacePassword(conn, id, stored, hash)
                    .compose(replaced -> replaced ? Future.succeededFuture(new JsonObject())
                        : Future.failedFuture(ServiceFailure.conflict("The password was changed meanwhile; try again")))))
                .compose(answer -> {
                  CrashPoint.reached("password-changed");
                  return cache.invalidate(CacheKeys.user(id)).map(new JsonObject());
                });
          });
        }));
  }

  /** Deletes a user; a redelivered call answers as the first one did, not 404. */
  Future<JsonObject> delete(JsonObject body, String callId) {
    int id = UserValidator.userId(body);
    return calls.once(callId, conn -> repository.delete(conn, id).compose(deleted -> deleted
            ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(notFound(id))))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            return Future.failedFuture(ServiceFailure.conflict(
                "User " + id + " has orders; delete or reassign them before deleting the user"));
          }
          return Future.failedFuture(e);
        })
        .compose(answer -> cache.invalidate(CacheKeys.user(id), CacheKeys.userOrders(id)).map(new JsonObject()));
  }

  private static Future<JsonObject> found(JsonObject user, int id) {
    return user == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(user);
  }

  private static ServiceFailure notFound(int id) {
    return ServiceFailure.notFound("No user with id " + id);
  }

  private static Throwable duplicateNickName(Throwable e, String nickName) {
    if (e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && UserRepository.NICK_NAME_CONSTRAINT.equals(pg.getConstraint())) {
      return new ServiceFailure(409, "nick_name '" + nickName + "' is taken",
          new JsonArray().add(ServiceFailure.fieldError("nick_name", "nick_name is taken")));
    }
    return e;
  }
}
