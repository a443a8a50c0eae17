package dev.switchboard.order;

import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.contract.Service;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.messaging.queue.WorkQueues;
import dev.switchboard.storage.Postgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The order service: applies its migrations (after the user service created the table orders reference;
 * it retries until then), then serves the API and consumes the intake queue, {@code instances} of each, as
 * {@code order.roles} says.
 */
public final class OrderModule implements ServiceModule {
  static final String MIGRATIONS = "db/migration/order";
  static final String HISTORY_TABLE = "flyway_history_order";
  private final Messaging messaging;
  private final Postgres postgres;
  private final CacheInvalidator cache;
  private volatile boolean ready;

  public OrderModule(Messaging messaging, Postgres postgres, CacheInvalidator cache) {
    this.messaging = messaging;
    this.postgres = postgres;
    this.cache = cache;
  }

  @Override
  public String name() {
    return "order";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    SwitchboardConfig config = infrastructure.config();
    OrderSettings settings = OrderSettings.of(config);
    WorkQueues queues = messaging.workQueues();
    int instances = config.instances();
    return postgres.migrate(MIGRATIONS, HISTORY_TABLE, "users")
        .compose(v -> {
          List<Future<?>> deployments = new ArrayList<>();
          if (settings.roles().contains(OrderSettings.Role.API)) {
            deployments.add(infrastructure.deploy(() -> new OrderVerticle(config, settings, messaging, cache),
                instances));
          }
          if (settings.roles().contains(OrderSettings.Role.INTAKE)) {
            deployments.add(infrastructure.deploy(() -> new OrderIntakeVerticle(config, settings, queues, cache, messaging.events()),
                instances));
          }
          return Future.all(deployments);
        })
        .onSuccess(v -> ready = true)
        .mapEmpty();
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
