package dev.switchboard.user;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.contract.Access;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.PageRequest;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.user.Credentials;
import dev.switchboard.contract.user.NewUser;
import dev.switchboard.contract.user.RefreshToken;
import dev.switchboard.contract.user.Session;
import dev.switchboard.contract.user.PasswordChange;
import dev.switchboard.contract.user.User;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.user.UserChanges;
import dev.switchboard.platform.ops.CrashPoint;
import dev.switchboard.storage.CallOutcomes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/**
 * The user rules behind {@link UserApi} (its requests arrive valid: the contract checked them): hashing,
 * what each outcome means to a client, and — before a write answers — invalidating the cached answers it
 * changed. A redelivered non-idempotent call ({@link RequestContext#callId()}) answers as the first did.
 */
final class UserService implements UserApi {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  static final String WRONG_CREDENTIALS = "Wrong nick_name or password";

  private final UserRepository repository;
  private final CallOutcomes calls;
  private final PasswordHasher hasher;
  private final CacheInvalidator cache;
  private final Sessions sessions;
  private final Access access;
  /** What a sign-in for an unknown nick_name verifies against, so that it costs what a known one costs. */
  private final String dummyHash;

  /** @param dummyHash the module's hash of a random password (see {@link #signIn}) */
  UserService(UserRepository repository, CallOutcomes calls, PasswordHasher hasher, CacheInvalidator cache,
              Sessions sessions, Access access, String dummyHash) {
    this.repository = repository;
    this.calls = calls;
    this.hasher = hasher;
    this.cache = cache;
    this.sessions = sessions;
    this.access = access;
    this.dummyHash = dummyHash;
  }

  /** Creates a user; a redelivered call answers the user it created the first time. */
  @Override
  public Future<User> create(NewUser user) {
    String callId = RequestContext.callId();
    return calls.find(callId).compose(first -> first != null ? Future.succeededFuture(first)
            : hasher.hash(user.password())
                .compose(hash -> calls.once(callId, conn -> repository.insert(conn, user, hash)))
                .map(CallOutcomes.Answer::body)
                .recover(e -> Future.failedFuture(duplicateNickName(e, user.nickName()))))
        .map(User::fromJson);
  }

  @Override
  public Future<Page<User>> list(PageRequest page) {
    return access.admin().compose(v -> repository.list(page.limit(), page.offset())).map(Page::new);
  }

  @Override
  public Future<User> get(int userId) {
    return access.self(userId).compose(v -> repository.find(userId)).compose(user -> found(user, userId));
  }

  @Override
  public Future<User> update(int userId, UserChanges changes) {
    return access.self(userId).compose(v -> repository.update(userId, changes))
        .recover(e -> Future.failedFuture(duplicateNickName(e, changes.nickName())))
        .compose(user -> found(user, userId))
        .compose(user -> cache.invalidate(CacheKeys.user(userId)).map(user));
  }

  /**
   * Changes a password once the current one is verified; a redelivered call answers as the first one did
   * (without verifying the old password again, which no longer matches).
   */
  @Override
  public Future<Void> changePassword(int userId, PasswordChange change) {
    return access.self(userId).compose(v -> replacePassword(userId, change));
  }

  private Future<Void> replacePassword(int userId, PasswordChange change) {
    String callId = RequestContext.callId();
    return calls.find(callId).compose(first -> first != null
        ? cache.invalidate(CacheKeys.user(userId))
        : repository.passwordHash(userId).compose(stored -> {
          if (stored == null) {
            return Future.failedFuture(notFound(userId));
          }
          return hasher.verify(change.current(), stored).compose(matches -> {
            if (!matches) {
              return Future.failedFuture(ServiceFailure.forbidden("current_password is wrong"));
            }
            return hasher.hash(change.next())
                .compose(hash -> calls.once(callId, conn -> repository.replacePassword(conn, userId, stored, hash)
                    .compose(replaced -> replaced ? sessions.revokeUser(conn, userId).map(new JsonObject())
                        : Future.failedFuture(ServiceFailure.conflict("The password was changed meanwhile; try again")))))
                .compose(answer -> {
                  CrashPoint.reached("password-changed");
                  return cache.invalidate(CacheKeys.user(userId));
                });
          });
        }));
  }

  /** Deletes a user; a redelivered call answers as the first one did, not 404. */
  @Override
  public Future<Void> delete(int userId) {
    return access.self(userId).compose(v -> remove(userId));
  }

  @Override
  public Future<Session> signIn(Credentials credentials) {
    return repository.credentials(credentials.nickName()).compose(stored -> {
      Future<Boolean> matches = stored == null
          ? hasher.verify(credentials.password(), dummyHash).map(false)
          : hasher.verify(credentials.password(), stored.passwordHash());
      return matches.compose(ok -> ok ? sessions.open(stored.userId())
          : Future.failedFuture(ServiceFailure.unauthorized(WRONG_CREDENTIALS)));
    });
  }

  @Override
  public Future<Session> refresh(RefreshToken token) {
    return sessions.rotate(token);
  }

  @Override
  public Future<Void> signOut(RefreshToken token) {
    return sessions.revokeFamilyOf(token);
  }

  private Future<Void> remove(int userId) {
    return calls.once(RequestContext.callId(), conn -> repository.delete(conn, userId).compose(deleted -> deleted
            ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(notFound(userId))))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            return Future.failedFuture(ServiceFailure.conflict(
                "User " + userId + " has orders; delete or reassign them before deleting the user"));
          }
          return Future.failedFuture(e);
        })
        .compose(answer -> cache.invalidate(CacheKeys.user(userId), CacheKeys.userOrders(userId)));
  }

  private static Future<User> found(User user, int id) {
    return user == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(user);
  }

  private static ServiceFailure notFound(int id) {
    return ServiceFailure.notFound("No user with id " + id);
  }

  private static Throwable duplicateNickName(Throwable e, String nickName) {
    if (e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && UserRepository.NICK_NAME_CONSTRAINT.equals(pg.getConstraint())) {
      return new ServiceFailure(409, "nick_name '" + nickName + "' is taken",
          new JsonArray().add(ServiceFailure.fieldError(User.NICK_NAME, User.NICK_NAME + " is taken")));
    }
    return e;
  }
}
