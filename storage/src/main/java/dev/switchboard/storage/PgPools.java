package dev.switchboard.storage;

import dev.switchboard.platform.config.SwitchboardConfig;
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
    PgConnectOptions options = new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    if (!pg.timeouts().statement().isZero()) {
      // sent in the start-up message: the server cancels any statement running longer
      options.addProperty("statement_timeout", Long.toString(pg.timeouts().statement().toMillis()));
    }
    return options;
  }

  /** The database of one verticle instance of a process running {@code instances} of them. */
  public static Database forInstance(Vertx vertx, SwitchboardConfig config) {
    return new Database(create(vertx, config.postgres(), Math.max(2, config.postgres().poolSize() / config.instances())),
        config.postgres().timeouts().query());
  }

  /** A pool of {@code size} connections on the creating context's event loop. */
  public static Pool create(Vertx vertx, SwitchboardConfig.Postgres pg, int size) {
    SwitchboardConfig.Postgres.Timeouts timeouts = pg.timeouts();
    PoolOptions options = new PoolOptions()
        .setName("switchboard-pg")
        .setMaxSize(size)
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout((int) timeouts.poolWait().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) timeouts.connect().toMillis())
        .setTcpKeepAlive(timeouts.tcpKeepAlive());
    if (!timeouts.readIdle().isZero()) {
      // a connection that has heard nothing for this long (an idle one, or one whose server vanished) closes
      net.setReadIdleTimeout((int) timeouts.readIdle().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    return PgBuilder.pool()
        .with(options)
        .with(net)
        .connectingTo(connectOptions(pg))
        .using(vertx)
        .build();
  }
}
