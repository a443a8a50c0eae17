package dev.switchboard.order;

import dev.switchboard.cache.Caches;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.launch.SwitchboardApplication;
import dev.switchboard.storage.Postgres;
import java.util.List;

/** Main verticle of {@code order-verticle.jar}: the order service on its own. */
public class OrderApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "order";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    Messaging messaging = Messaging.open(infrastructure, "switchboard-" + role());
    Caches caches = Caches.open(infrastructure, messaging);
    return List.of(new OrderModule(messaging, Postgres.open(infrastructure), caches.invalidator(null)));
  }
}
