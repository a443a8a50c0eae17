package dev.switchboard.gateway;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code gateway-verticle.jar}: the HTTP gateway on its own. */
public class GatewayApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "gateway";
  }

  @Override
  protected List<ServiceModule> modules(SwitchboardConfig config) {
    return List.of(new GatewayModule());
  }
}
