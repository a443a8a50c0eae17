package dev.switchboard.storage;

import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's Flyway migrations (JDBC, so on a worker thread) before the service accepts requests.
 * Each service keeps its own history table, so user and order migrations are versioned independently in
 * one database. Creates the database when it does not exist yet. Retries with backoff until it succeeds:
 * a service started before its database, or the order service before the user service created the
 * table it references, waits instead of dying. Flyway's lock makes concurrent starts safe.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Backoff RETRIES = new Backoff(250, 5_000);
  private static final String INVALID_CATALOG = "3D000";
  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String UNIQUE_VIOLATION = "23505";

  private Migrations() {
  }

  /**
   * @param location      classpath location of the service's migrations, e.g. {@code db/migration/user}
   * @param historyTable  the service's Flyway history table
   * @param requiredTable a table another service creates that these migrations reference, or null: the
   *                      migrations wait until it exists
   */
  public static Future<Void> migrate(Vertx vertx, SwitchboardConfig.Postgres pg, String location, String historyTable,
                                     String requiredTable) {
    Promise<Void> done = Promise.promise();
    attempt(vertx, pg, location, historyTable, requiredTable, 0, done);
    return done.future();
  }

  private static void attempt(Vertx vertx, SwitchboardConfig.Postgres pg, String location, String historyTable,
                              String requiredTable, int failures, Promise<Void> done) {
    vertx.executeBlocking(() -> {
      ensureDatabase(pg);
      if (requiredTable != null && !tableExists(pg, requiredTable)) {
        throw new RequiredTableMissing(requiredTable);
      }
      return Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(pg.jdbcUrl(pg.database()), pg.user(), pg.password())
          .locations("classpath:" + location)
          .table(historyTable)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .connectRetries(0)
          .load()
          .migrate();
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.info("Migrations {} applied to {} ({} new)", location, pg, ar.result().migrationsExecuted);
        done.complete();
        return;
      }
      long delay = RETRIES.delay(failures);
      String reason = rootMessage(ar.cause());
      if (ar.cause() instanceof RequiredTableMissing) {
        if (failures == 0) {
          LOG.info("Migrations {} wait for table {} (the service that owns it creates it)", location, requiredTable);
        }
      } else if (failures == 0 || failures % 10 == 0) {
        LOG.warn("Migrations {} on {} not applied yet ({}); retrying", location, pg, reason);
      }
      vertx.setTimer(delay, t -> attempt(vertx, pg, location, historyTable, requiredTable, failures + 1, done));
    });
  }

  private static boolean tableExists(SwitchboardConfig.Postgres pg, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(pg.database()), properties(pg));
         PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table);
      try (ResultSet rs = exists.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static Properties properties(SwitchboardConfig.Postgres pg) {
    Properties props = new Properties();
    props.setProperty("user", pg.user());
    props.setProperty("password", pg.password());
    props.setProperty("connectTimeout", "2");
    return props;
  }

  /** Creates the configured database through the maintenance database when it does not exist. */
  static void ensureDatabase(SwitchboardConfig.Postgres pg) throws SQLException {
    Properties props = properties(pg);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(pg.database()), props)) {
      return;
    } catch (SQLException e) {
      if (!INVALID_CATALOG.equals(e.getSQLState())) {
        throw e;
      }
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), props);
         Statement create = c.createStatement()) {
      create.execute("CREATE DATABASE \"" + pg.database().replace("\"", "\"\"") + "\"");
      LOG.info("Created database {}", pg.database());
    } catch (SQLException e) {
      // another instance created it at the same moment
      if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** The migrations reference another service's table that is not there yet. */
  private static final class RequiredTableMissing extends Exception {
    private static final long serialVersionUID = 1L;

    RequiredTableMissing(String table) {
      super("table " + table + " does not exist yet", null, false, false);
    }
  }
}
