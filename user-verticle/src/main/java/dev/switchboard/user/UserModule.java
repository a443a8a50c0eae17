package dev.switchboard.user;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.launch.Infrastructure;
import dev.switchboard.shared.launch.ServiceModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The user service: applies its migrations (retrying until the database is there), then serves with
 * {@code instances} verticles sharing the process's PostgreSQL pool.
 */
public final class UserModule implements ServiceModule {
  static final String MIGRATIONS = "db/migration/user";
  static final String HISTORY_TABLE = "flyway_history_user";
  private volatile boolean ready;

  @Override
  public String name() {
    return "user";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    Pool pool = infrastructure.postgres();
    return infrastructure.migrate(MIGRATIONS, HISTORY_TABLE)
        .compose(v -> infrastructure.deploy(() -> new UserVerticle(pool, infrastructure.cacheInvalidator(),
            infrastructure.config().shutdown().grace()), infrastructure.config().instances()))
        .onSuccess(id -> ready = true)
        .mapEmpty();
  }

  @Override
  public List<Service> services(SwitchboardConfig config) {
    return List.of(Service.USER);
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
