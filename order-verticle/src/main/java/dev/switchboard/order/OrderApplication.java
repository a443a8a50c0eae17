package dev.switchboard.order;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code order-verticle.jar}: the order service on its own. */
public class OrderApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "order";
  }

  @Override
  protected List<ServiceModule> modules(SwitchboardConfig config) {
    return List.of(new OrderModule());
  }
}
