package dev.switchboard.storage;

import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.launch.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/**
 * A process's PostgreSQL: a one-connection pool for the {@code postgres} readiness check, and the
 * migrations of each service. (Service verticles open their own pools on their own event loops:
 * {@link PgPools#forInstance}.) The application opens one and passes it to the modules that store data.
 */
public final class Postgres {
  private final Vertx vertx;
  private final SwitchboardConfig.Postgres config;

  private Postgres(Vertx vertx, SwitchboardConfig.Postgres config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Postgres open(Infrastructure infrastructure) {
    SwitchboardConfig.Postgres config = infrastructure.config().postgres();
    Database probe = new Database(PgPools.create(infrastructure.vertx(), config, 1), config.timeouts().query());
    infrastructure.health().register("postgres", () -> probe.ping()
        .map(v -> Status.OK())
        .otherwise(e -> Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage())))));
    infrastructure.onClose(probe::close);
    return new Postgres(infrastructure.vertx(), config);
  }

  /** Applies a service's migrations, retrying until the database accepts them. */
  public Future<Void> migrate(String location, String historyTable) {
    return migrate(location, historyTable, null);
  }

  /** Applies a service's migrations once {@code requiredTable} (another service's) exists. */
  public Future<Void> migrate(String location, String historyTable, String requiredTable) {
    return Migrations.migrate(vertx, config, location, historyTable, requiredTable);
  }
}
