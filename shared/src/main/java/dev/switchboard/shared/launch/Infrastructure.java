package dev.switchboard.shared.launch;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.db.Migrations;
import dev.switchboard.shared.db.PgPools;
import dev.switchboard.shared.ops.Health;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * What the modules of one process share: the config, the health checks, and — created when a module first
 * asks — one PostgreSQL pool and one RabbitMQ connection. Closed when the process stops.
 */
public final class Infrastructure {
  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final String processName;
  private final Health health;
  private RabbitConnection rabbit;
  private Pool postgres;

  public Infrastructure(Vertx vertx, SwitchboardConfig config, String processName) {
    this.vertx = vertx;
    this.config = config;
    this.processName = processName;
    this.health = new Health(vertx);
  }

  public SwitchboardConfig config() {
    return config;
  }

  public Health health() {
    return health;
  }

  public String processName() {
    return processName;
  }

  /** The process's RabbitMQ connection, connecting in the background on first use. */
  public synchronized RabbitConnection rabbit() {
    if (rabbit == null) {
      rabbit = RabbitConnection.start(vertx, config.rabbitmq(), "switchboard-" + processName);
      RabbitConnection r = rabbit;
      health.registerFlag("rabbitmq", r::isOpen, r::lastError);
    }
    return rabbit;
  }

  /** The process's PostgreSQL pool. */
  public synchronized Pool postgres() {
    if (postgres == null) {
      postgres = PgPools.create(vertx, config.postgres());
      Pool pool = postgres;
      health.register("postgres", () -> pool.query("SELECT 1").execute()
          .map(rows -> Status.OK())
          .otherwise(e -> Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage())))));
    }
    return postgres;
  }

  /** Applies a service's migrations, retrying until the database accepts them. */
  public Future<Void> migrate(String location, String historyTable) {
    return migrate(location, historyTable, null);
  }

  /** Applies a service's migrations once {@code requiredTable} (another service's) exists. */
  public Future<Void> migrate(String location, String historyTable, String requiredTable) {
    return Migrations.migrate(vertx, config.postgres(), location, historyTable, requiredTable);
  }

  public synchronized Future<Void> close() {
    List<Future<?>> closing = new ArrayList<>();
    if (rabbit != null) {
      closing.add(rabbit.close());
    }
    if (postgres != null) {
      closing.add(postgres.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
