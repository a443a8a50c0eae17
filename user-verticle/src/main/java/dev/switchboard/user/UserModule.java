package dev.switchboard.user;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.launch.Infrastructure;
import dev.switchboard.shared.launch.ServiceModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The user service: applies its migrations (retrying until the database is there), then serves with
 * {@code instances} verticles, each with its own share of the PostgreSQL connections.
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
    infrastructure.postgres();
    return infrastructure.migrate(MIGRATIONS, HISTORY_TABLE)
        .compose(v -> infrastructure.deploy(() -> new UserVerticle(infrastructure.config(),
            infrastructure.cacheInvalidator()), infrastructure.config().instances()))
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
