package dev.switchboard.ping;

import dev.switchboard.platform.config.ConfigReader;
import dev.switchboard.platform.config.SwitchboardConfig;
import java.util.Set;

/**
 * The ping service's section of the config, {@code ping}: how many pings the pong store holds
 * ({@code capacity}) and which roles this process runs ({@code roles}: {@code ping}, the publisher;
 * {@code pong}, the consumer and store).
 */
public record PingSettings(int capacity, Set<Role> roles) {
  public enum Role { PING, PONG }

  /** Reads {@code ping}; a value out of bounds or an unknown role fails with the key it is at. */
  public static PingSettings of(SwitchboardConfig config) {
    ConfigReader r = config.section("ping");
    return new PingSettings(r.integer("capacity", 1, 10_000_000), r.roles("roles", Role.class));
  }
}
