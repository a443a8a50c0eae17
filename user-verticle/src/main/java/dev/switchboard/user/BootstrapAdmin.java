package dev.switchboard.user;

import dev.switchboard.contract.Principal;
import dev.switchboard.platform.config.ConfigReader;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin, from config ({@code auth.bootstrapAdmin.nickName} with {@code passwordHash} — an Argon2id
 * PHC string — or {@code password}, best given as the {@code SWITCHBOARD_AUTH_BOOTSTRAPADMIN_PASSWORD}
 * variable): created at start when no user has that nick_name, and made admin. A user of that name that exists
 * without the role is left as it is (whoever signed up with the name first does not become admin); nothing
 * is changed on later starts. There is no default: without a nick_name, no admin is created.
 */
record BootstrapAdmin(String nickName, String password, String passwordHash) {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);
  private static final String INSERT = "INSERT INTO users (nick_name, password, full_name, cpf, email, phone_number,"
      + " created_at, updated_at) VALUES ($1, $2, 'Administrator', '00000000000', 'admin@localhost', '00000000',"
      + " $3, $3) ON CONFLICT (nick_name) DO NOTHING RETURNING user_id";
  private static final String GRANT = "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)";
  private static final String HAS_ROLE = "SELECT 1 FROM user_roles r JOIN users u ON u.user_id = r.user_id"
      + " WHERE u.nick_name = $1 AND r.role = $2";

  static BootstrapAdmin read(ConfigReader auth) {
    ConfigReader admin = auth.section("bootstrapAdmin");
    BootstrapAdmin read = new BootstrapAdmin(admin.string("nickName").trim(), admin.string("password"),
        admin.string("passwordHash").trim());
    if (!read.nickName.isEmpty() && read.password.isEmpty() && read.passwordHash.isEmpty()) {
      throw admin.fail("password", "or " + admin.key("passwordHash") + " must be set when "
          + admin.key("nickName") + " is (there is no default password)");
    }
    if (!read.passwordHash.isEmpty() && !read.passwordHash.startsWith("$argon2id$")) {
      throw admin.fail("passwordHash", "must be an Argon2id PHC string ($argon2id$v=19$m=…)");
    }
    return read;
  }

  boolean wanted() {
    return !nickName.isEmpty();
  }

  /** Creates the admin when absent; completes when the database says so. */
  Future<Void> apply(Database db, PasswordHasher hasher, Clock clock) {
    if (!wanted()) {
      return Future.succeededFuture();
    }
    Future<String> hash = passwordHash.isEmpty() ? hasher.hash(password) : Future.succeededFuture(passwordHash);
    return hash.compose(h -> db.transaction(conn -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(nickName, h, Timestamps.now(clock)))
            .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
                : conn.preparedQuery(GRANT).execute(Tuple.of(rows.iterator().next().getInteger(0), Principal.ADMIN))
                    .map(true))))
        .compose(created -> {
          if (created) {
            LOG.info("Created the bootstrap admin '{}'", nickName);
            return Future.succeededFuture();
          }
          return db.query(HAS_ROLE, Tuple.of(nickName, Principal.ADMIN)).map(rows -> {
            if (rows.size() == 0) {
              LOG.warn("auth.bootstrapAdmin.nickName '{}' is an existing user without the admin role; it was not made"
                  + " admin (grant the role in user_roles if that user is yours)", nickName);
            }
            return null;
          });
        });
  }

  @Override
  public String toString() {
    return "BootstrapAdmin[nickName=" + nickName + "]";
  }
}
