package dev.switchboard.user;

import dev.switchboard.cache.Caches;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.launch.SwitchboardApplication;
import dev.switchboard.storage.Postgres;
import java.util.List;

/** Main verticle of {@code user-verticle.jar}: the user service on its own. */
public class UserApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "user";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    Messaging messaging = Messaging.open(infrastructure, "switchboard-" + role());
    Caches caches = Caches.open(infrastructure, messaging);
    return List.of(new UserModule(messaging, Postgres.open(infrastructure), caches.invalidator(null)));
  }
}
