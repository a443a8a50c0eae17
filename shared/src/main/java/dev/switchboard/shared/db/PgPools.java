package dev.switchboard.shared.db;

import dev.switchboard.shared.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
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
    return new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  /** A pool for one verticle instance of a process running {@code instances} of them. */
  public static Pool forInstance(Vertx vertx, SwitchboardConfig config) {
    return create(vertx, config.postgres(), Math.max(2, config.postgres().poolSize() / config.instances()));
  }

  /** A pool of {@code size} connections on the creating context's event loop. */
  public static Pool create(Vertx vertx, SwitchboardConfig.Postgres pg, int size) {
    return create(vertx, connectOptions(pg), size);
  }

  private static Pool create(Vertx vertx, PgConnectOptions connect, int size) {
    PoolOptions options = new PoolOptions()
        .setName("switchboard-pg")
        .setMaxSize(size)
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout(5)
        .setConnectionTimeoutUnit(TimeUnit.SECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
    return PgBuilder.pool()
        .with(options)
        .with(new NetClientOptions().setConnectTimeout(2_000))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
