package dev.switchboard.ping;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code ping-verticle.jar}: the ping service on its own. */
public class PingApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "ping";
  }

  @Override
  protected List<ServiceModule> modules(SwitchboardConfig config) {
    return List.of(new PingModule());
  }
}
