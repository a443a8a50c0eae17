package dev.switchboard.shared.db;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** The non-blocking PostgreSQL pool of a process (vertx-pg-client). */
public final class PgPools {
  private PgPools() {
  }

  public static PgConnectOptions connectOptions(SwitchboardConfig.Postgres pg) {
    return new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  public static Pool create(Vertx vertx, SwitchboardConfig.Postgres pg) {
    PoolOptions options = new PoolOptions()
        .setName("switchboard-pg")
        .setMaxSize(pg.poolSize())
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout(5)
        .setConnectionTimeoutUnit(TimeUnit.SECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES)
        // spread connections over the event loops rather than the one that created the pool
        .setEventLoopSize(Math.max(1, Math.min(pg.poolSize(), Runtime.getRuntime().availableProcessors())));
    return PgBuilder.pool()
        .with(options)
        .with(new NetClientOptions().setConnectTimeout(2_000))
        .connectingTo(connectOptions(pg))
        .using(vertx)
        .build();
  }
}
