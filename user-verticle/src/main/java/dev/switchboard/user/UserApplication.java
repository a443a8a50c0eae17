package dev.switchboard.user;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.launch.SwitchboardApplication;
import java.util.List;

/** Main verticle of {@code user-verticle.jar}: the user service on its own. */
public class UserApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "user";
  }

  @Override
  protected List<ServiceModule> modules(SwitchboardConfig config) {
    return List.of(new UserModule());
  }
}
