package dev.switchboard.order;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.config.SwitchboardConfig.OrderRole;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.launch.Infrastructure;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.queue.WorkQueues;
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
  private volatile boolean ready;

  @Override
  public String name() {
    return "order";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    SwitchboardConfig config = infrastructure.config();
    infrastructure.postgres();
    WorkQueues queues = infrastructure.workQueues();
    int instances = config.instances();
    CacheInvalidator cache = infrastructure.cacheInvalidator();
    return infrastructure.migrate(MIGRATIONS, HISTORY_TABLE, "users")
        .compose(v -> {
          List<Future<?>> deployments = new ArrayList<>();
          if (config.order().roles().contains(OrderRole.API)) {
            deployments.add(infrastructure.deploy(() -> new OrderVerticle(config, queues, cache), instances));
          }
          if (config.order().roles().contains(OrderRole.INTAKE)) {
            deployments.add(infrastructure.deploy(() -> new OrderIntakeVerticle(config, queues, cache), instances));
          }
          return Future.all(deployments);
        })
        .onSuccess(v -> ready = true)
        .mapEmpty();
  }

  @Override
  public List<Service> services(SwitchboardConfig config) {
    return config.order().roles().contains(OrderRole.API) ? List.of(Service.ORDER) : List.of();
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
