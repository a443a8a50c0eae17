package dev.switchboard.ping;

import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code ping-verticle.jar}: the ping service on its own. */
public class PingApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "ping";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    return List.of(new PingModule(Messaging.open(infrastructure, "switchboard-" + role())));
  }
}
