package dev.switchboard.gateway;

import dev.switchboard.cache.Caches;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code gateway-verticle.jar}: the HTTP gateway on its own. */
public class GatewayApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "gateway";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    Messaging messaging = Messaging.open(infrastructure, "switchboard-" + role());
    Caches caches = Caches.open(infrastructure, messaging);
    return List.of(new GatewayModule(messaging, GatewayModule.responseCache(infrastructure, caches)));
  }
}
