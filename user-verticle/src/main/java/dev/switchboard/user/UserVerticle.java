package dev.switchboard.user;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.db.PgPools;
import dev.switchboard.shared.contract.Actions;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Serves the user service's event-bus API. */
public final class UserVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final CacheInvalidator cache;
  private Pool pool;
  private PasswordHasher hasher;
  private ServiceEndpoint endpoint;

  public UserVerticle(SwitchboardConfig config, CacheInvalidator cache) {
    this.config = config;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.forInstance(vertx, config);
    hasher = PasswordHasher.forMachine(vertx);
    UserService users = new UserService(new UserRepository(pool, Clock.systemUTC()), hasher, cache);
    endpoint = ServiceEndpoint.of(vertx, Service.USER)
        .action(Actions.User.CREATE, users::create)
        .action(Actions.User.LIST, users::list)
        .action(Actions.User.GET, users::get)
        .action(Actions.User.UPDATE, users::update)
        .action(Actions.User.CHANGE_PASSWORD, users::changePassword)
        .action(Actions.User.DELETE, users::delete);
    return Future.all(cache.open(), endpoint.register());
  }

  /** Finishes the calls in hand (at most the shutdown grace), then releases the hashing pool. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.andThen(ar -> {
      if (hasher != null) {
        hasher.close();
      }
    }).eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
