package dev.switchboard.user;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.contract.Actions;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Serves the user service's event-bus API. */
public final class UserVerticle extends VerticleBase {
  private final Pool pool;
  private PasswordHasher hasher;

  public UserVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    hasher = PasswordHasher.forMachine(vertx);
    UserService users = new UserService(new UserRepository(pool, Clock.systemUTC()), hasher);
    return ServiceEndpoint.of(vertx, Service.USER)
        .action(Actions.User.CREATE, users::create)
        .action(Actions.User.LIST, users::list)
        .action(Actions.User.GET, users::get)
        .action(Actions.User.UPDATE, users::update)
        .action(Actions.User.CHANGE_PASSWORD, users::changePassword)
        .action(Actions.User.DELETE, users::delete)
        .register();
  }

  @Override
  public Future<?> stop() {
    if (hasher != null) {
      hasher.close();
    }
    return Future.succeededFuture();
  }
}
