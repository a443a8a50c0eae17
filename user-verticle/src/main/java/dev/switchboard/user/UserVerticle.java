package dev.switchboard.user;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.contract.Actions;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Clock;

/** Serves the user service's event-bus API. */
public final class UserVerticle extends VerticleBase {
  private final Pool pool;
  private final CacheInvalidator cache;
  private final Duration grace;
  private PasswordHasher hasher;
  private ServiceEndpoint endpoint;

  public UserVerticle(Pool pool, CacheInvalidator cache, Duration grace) {
    this.pool = pool;
    this.cache = cache;
    this.grace = grace;
  }

  @Override
  public Future<?> start() {
    hasher = PasswordHasher.forMachine(vertx);
    UserService users = new UserService(new UserRepository(pool, Clock.systemUTC()), hasher, cache);
    endpoint = ServiceEndpoint.of(vertx, Service.USER)
        .action(Actions.User.CREATE, users::create)
        .action(Actions.User.LIST, users::list)
        .action(Actions.User.GET, users::get)
        .action(Actions.User.UPDATE, users::update)
        .action(Actions.User.CHANGE_PASSWORD, users::changePassword)
        .action(Actions.User.DELETE, users::delete);
    return endpoint.register();
  }

  /** Finishes the calls in hand (at most the shutdown grace), then releases the hashing pool. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(grace);
    return drained.andThen(ar -> {
      if (hasher != null) {
        hasher.close();
      }
    });
  }
}
