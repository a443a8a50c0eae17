package dev.switchboard.user;

import dev.switchboard.contract.user.NewUser;
import dev.switchboard.contract.user.User;
import dev.switchboard.contract.user.UserChanges;
import dev.switchboard.storage.Rows;
import dev.switchboard.storage.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import dev.switchboard.storage.Database;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The {@code users} table through the non-blocking PostgreSQL client. Timestamps are set here, in UTC:
 * {@code created_at} once, {@code updated_at} on every change. The password column is read only to
 * verify a password and never leaves this class in a user.
 */
final class UserRepository {
  private static final String COLUMNS =
      "user_id, nick_name, full_name, cpf, email, phone_number, created_at, updated_at";
  static final String INSERT = "INSERT INTO users (nick_name, password, full_name, cpf, email, phone_number,"
      + " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING " + COLUMNS;
  static final String LIST = "SELECT " + COLUMNS + " FROM users ORDER BY user_id LIMIT $1 OFFSET $2";
  static final String FIND = "SELECT " + COLUMNS + " FROM users WHERE user_id = $1";
  static final String PASSWORD = "SELECT password FROM users WHERE user_id = $1";
  static final String CREDENTIALS = "SELECT user_id, password FROM users WHERE nick_name = $1";
  static final String UPDATE = "UPDATE users SET nick_name = COALESCE($2, nick_name),"
      + " full_name = COALESCE($3, full_name), cpf = COALESCE($4, cpf), email = COALESCE($5, email),"
      + " phone_number = COALESCE($6, phone_number), updated_at = $7 WHERE user_id = $1 RETURNING " + COLUMNS;
  /** Compare-and-set: a concurrent change of the same password makes this update nothing. */
  static final String REPLACE_PASSWORD =
      "UPDATE users SET password = $2, updated_at = $3 WHERE user_id = $1 AND password = $4";
  static final String DELETE = "DELETE FROM users WHERE user_id = $1";

  /** Unique constraint on nick_name (PostgreSQL's default name for the column's UNIQUE). */
  static final String NICK_NAME_CONSTRAINT = "users_nick_name_key";

  private final Database db;
  private final Clock clock;

  UserRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Inserts the user, within the caller's transaction. */
  Future<JsonObject> insert(SqlConnection conn, NewUser user, String passwordHash) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(user.nickName(), passwordHash, user.fullName(), user.cpf(), user.email(),
            user.phoneNumber(), now()))
        .map(rows -> toUser(rows.iterator().next()).toJson());
  }

  Future<List<User>> list(int limit, int offset) {
    return db.read(LIST, Tuple.of(limit, offset)).map(rows -> Rows.all(rows, UserRepository::toUser));
  }

  /** The user, or null when there is none with this id. */
  Future<User> find(int userId) {
    return db.read(FIND, Tuple.of(userId)).map(rows -> Rows.firstOrNull(rows, UserRepository::toUser));
  }

  /** The stored password hash, or null when there is no such user. */
  Future<String> passwordHash(int userId) {
    return db.read(PASSWORD, Tuple.of(userId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** The id and password hash of the user with this nick_name, or null. */
  Future<Stored> credentials(String nickName) {
    return db.read(CREDENTIALS, Tuple.of(nickName)).map(rows -> rows.size() == 0 ? null
        : new Stored(rows.iterator().next().getInteger(0), rows.iterator().next().getString(1)));
  }

  /** A user's id and password hash, for a sign-in. */
  record Stored(int userId, String passwordHash) {
    @Override
    public String toString() {
      return "Stored[userId=" + userId + "]";
    }
  }

  /** The updated user, or null when there is none with this id. */
  Future<User> update(int userId, UserChanges changes) {
    return db.query(UPDATE, Tuple.of(userId, changes.nickName(), changes.fullName(), changes.cpf(), changes.email(),
            changes.phoneNumber(), now()))
        .map(rows -> Rows.firstOrNull(rows, UserRepository::toUser));
  }

  /**
   * Whether the hash was replaced (false when it changed since {@code oldHash} was read), within the
   * caller's transaction.
   */
  Future<Boolean> replacePassword(SqlConnection conn, int userId, String oldHash, String newHash) {
    return conn.preparedQuery(REPLACE_PASSWORD).execute(Tuple.of(userId, newHash, now(), oldHash))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Whether a user was deleted, within the caller's transaction. */
  Future<Boolean> delete(SqlConnection conn, int userId) {
    return conn.preparedQuery(DELETE).execute(Tuple.of(userId)).map(rows -> rows.rowCount() == 1);
  }

  private LocalDateTime now() {
    return Timestamps.now(clock);
  }

  static User toUser(Row row) {
    return new User(row.getInteger("user_id"), row.getString("nick_name"), row.getString("full_name"),
        row.getString("cpf"), row.getString("email"), row.getString("phone_number"),
        Timestamps.format(row.getLocalDateTime("created_at")), Timestamps.format(row.getLocalDateTime("updated_at")));
  }
}
