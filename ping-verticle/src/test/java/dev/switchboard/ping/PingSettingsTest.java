package dev.switchboard.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.SwitchboardConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The ping service reads its own section of the merged config. */
class PingSettingsTest {

  private static PingSettings load(Map<String, String> env) {
    return PingSettings.of(SwitchboardConfig.from(ConfigLoader.merge(null, null, new Properties(), env)));
  }

  @Test
  void theDefaultsRunBothRoles() {
    PingSettings settings = load(Map.of());
    assertThat(settings.capacity()).isEqualTo(10_000);
    assertThat(settings.roles()).containsExactlyInAnyOrder(PingSettings.Role.PING, PingSettings.Role.PONG);
  }

  @Test
  void anOverrideReachesTheSection() {
    assertThat(load(Map.of("SWITCHBOARD_PING_ROLES", "pong")).roles()).containsExactly(PingSettings.Role.PONG);
  }

  @Test
  void anUnknownPingRoleNamesTheKey() {
    assertThatThrownBy(() -> load(Map.of("SWITCHBOARD_PING_ROLES", "ping,pang")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ping.roles");
  }
}
