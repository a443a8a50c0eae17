package dev.switchboard.user;

import dev.switchboard.contract.Principal;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.user.RefreshToken;
import dev.switchboard.contract.user.Session;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Refresh tokens and roles in PostgreSQL. A token is 32 random bytes (base64url), handed out once and stored
 * only as its SHA-256. Each sign-in opens a family; a refresh marks its token rotated and adds the next one to
 * the family; presenting a rotated token again means someone else holds a copy, so the whole family is
 * revoked (reuse detection).
 */
final class Sessions {
  private static final String ROLES = "SELECT role FROM user_roles WHERE user_id = $1";
  private static final String INSERT = "INSERT INTO refresh_tokens (token_hash, family, user_id, created_at, expires_at)"
      + " VALUES ($1, $2, $3, $4, $5)";
  private static final String LOCK = "SELECT family, user_id, expires_at, rotated_at, revoked_at FROM refresh_tokens"
      + " WHERE token_hash = $1 FOR UPDATE";
  private static final String ROTATED = "UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1";
  private static final String REVOKE_FAMILY = "UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1"
      + " AND revoked_at IS NULL";
  private static final String REVOKE_TOKEN_FAMILY = "UPDATE refresh_tokens SET revoked_at = $2 WHERE family ="
      + " (SELECT family FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL";
  private static final String REVOKE_USER = "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1"
      + " AND revoked_at IS NULL";
  private static final String PURGE = "DELETE FROM refresh_tokens WHERE expires_at < $1";
  private static final String GRANT = "INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING";

  private final Database db;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  Sessions(Database db, Clock clock, Duration ttl) {
    this.db = db;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The user's roles: always {@code user}, and those granted. */
  Future<Set<String>> roles(int userId) {
    return db.read(ROLES, Tuple.of(userId)).map(rows -> {
      Set<String> roles = new LinkedHashSet<>();
      roles.add(Principal.USER);
      for (Row row : rows) {
        roles.add(row.getString(0));
      }
      return roles;
    });
  }

  Future<Void> grant(int userId, String role) {
    return db.query(GRANT, Tuple.of(userId, role)).mapEmpty();
  }

  /** Opens a new family for the user: its first refresh token. */
  Future<Session> open(int userId) {
    String token = newToken();
    return db.query(INSERT, Tuple.of(hash(token), UUID.randomUUID(), userId, now(), now().plus(ttl)))
        .compose(v -> session(userId, token));
  }

  /** Rotates {@code token} (see the class comment); 401 for any token that cannot be used. */
  Future<Session> rotate(RefreshToken presented) {
    Buffer hash = hash(presented.value());
    String next = newToken();
    return db.transaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(hash)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Rotation.refused("The refresh token is not known"));
      }
      Row row = rows.iterator().next();
      UUID family = row.getUUID("family");
      if (row.getLocalDateTime("revoked_at") != null) {
        return Future.succeededFuture(Rotation.refused("The refresh token was revoked; sign in again"));
      }
      if (row.getLocalDateTime("rotated_at") != null) {
        return conn.preparedQuery(REVOKE_FAMILY).execute(Tuple.of(family, now()))
            .map(v -> Rotation.refused("The refresh token was already used; every token of this sign-in is revoked"));
      }
      if (row.getLocalDateTime("expires_at").isBefore(now())) {
        return Future.succeededFuture(Rotation.refused("The refresh token has expired; sign in again"));
      }
      int userId = row.getInteger("user_id");
      return conn.preparedQuery(ROTATED).execute(Tuple.of(hash, now()))
          .compose(v -> insert(conn, next, family, userId))
          .map(v -> new Rotation(userId, null));
    })).compose(rotation -> rotation.refusal() != null
        ? Future.failedFuture(ServiceFailure.unauthorized(rotation.refusal()))
        : session(rotation.userId(), next));
  }

  /** Revokes the family of {@code token}; nothing when it is unknown. */
  Future<Void> revokeFamilyOf(RefreshToken token) {
    return db.query(REVOKE_TOKEN_FAMILY, Tuple.of(hash(token.value()), now())).mapEmpty();
  }

  /** Revokes every refresh token of the user, within the caller's transaction (a password change). */
  Future<Void> revokeUser(SqlConnection conn, int userId) {
    return conn.preparedQuery(REVOKE_USER).execute(Tuple.of(userId, now())).mapEmpty();
  }

  Future<Integer> purgeExpired() {
    return db.query(PURGE, Tuple.of(now())).map(rows -> rows.rowCount());
  }

  private Future<Void> insert(SqlConnection conn, String token, UUID family, int userId) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(hash(token), family, userId, now(), now().plus(ttl))).mapEmpty();
  }

  private Future<Session> session(int userId, String token) {
    return roles(userId).map(roles -> new Session(userId, roles, new RefreshToken(token), ttl.toSeconds()));
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private LocalDateTime now() {
    return Timestamps.now(clock);
  }

  private record Rotation(int userId, String refusal) {
    static Rotation refused(String why) {
      return new Rotation(0, why);
    }
  }
}
