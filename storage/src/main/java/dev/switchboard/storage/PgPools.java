package dev.switchboard.storage;

import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking PostgreSQL pools (vertx-pg-client). Each service verticle instance creates its own from its
 * start, so the pool's connections live on that verticle's event loop and a query never hops to another
 * thread; {@code postgres.poolSize} connections are shared out among the instances of a process.
 */
public final class PgPools {
  private PgPools() {
  }

  public static PgConnectOptions connectOptions(SwitchboardConfig.Postgres pg) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlFilter(sql -> sql.length() < SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT
            && !sql.startsWith(Database.PLANNED_PER_CALL))
        .setPipeliningLimit(256);
    if (!pg.timeouts().statement().isZero()) {
      // sent in the start-up message: the server cancels any statement running longer
      options.addProperty("statement_timeout", Long.toString(pg.timeouts().statement().toMillis()));
    }
    return options;
  }

  /**
   * The database of one verticle instance of a process running {@code instances} of them: its share of
   * {@code postgres.poolSize} (at least 3), a quarter of it (at least 1) pipelined connections for reads, the
   * rest a pool for writes and transactions.
   */
  public static Database forInstance(Vertx vertx, SwitchboardConfig config) {
    int size = Math.max(3, config.postgres().poolSize() / config.instances());
    int readers = Math.max(1, size / 4);
    return new Database(create(vertx, config.postgres(), size - readers), client(vertx, config.postgres(), readers),
        config.postgres().timeouts().query());
  }

  /** A pipelining client of {@code size} connections on the creating context's event loop. */
  public static SqlClient client(Vertx vertx, SwitchboardConfig.Postgres pg, int size) {
    return PgBuilder.client()
        .with(poolOptions(pg, size))
        .with(netOptions(pg))
        .connectingTo(connectOptions(pg))
        .using(vertx)
        .build();
  }

  /** A pool of {@code size} connections on the creating context's event loop. */
  public static Pool create(Vertx vertx, SwitchboardConfig.Postgres pg, int size) {
    return PgBuilder.pool()
        .with(poolOptions(pg, size))
        .with(netOptions(pg))
        .connectingTo(connectOptions(pg))
        .using(vertx)
        .build();
  }

  private static PoolOptions poolOptions(SwitchboardConfig.Postgres pg, int size) {
    SwitchboardConfig.Postgres.Timeouts timeouts = pg.timeouts();
    return new PoolOptions()
        .setName("switchboard-pg")
        .setMaxSize(size)
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout((int) timeouts.poolWait().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
  }

  private static NetClientOptions netOptions(SwitchboardConfig.Postgres pg) {
    SwitchboardConfig.Postgres.Timeouts timeouts = pg.timeouts();
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) timeouts.connect().toMillis())
        .setTcpKeepAlive(timeouts.tcpKeepAlive());
    if (!timeouts.readIdle().isZero()) {
      // a connection that has heard nothing for this long (an idle one, or one whose server vanished) closes
      net.setReadIdleTimeout((int) timeouts.readIdle().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    return net;
  }
}
