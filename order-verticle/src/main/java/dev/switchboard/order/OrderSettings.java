package dev.switchboard.order;

import dev.switchboard.platform.config.ConfigReader;
import dev.switchboard.platform.config.SwitchboardConfig;
import java.time.Duration;
import java.util.Set;

/**
 * The order service's sections of the config: which roles this process runs ({@code order.roles}:
 * {@code api}, {@code intake}) and the intake's timing — an accepted request still {@code QUEUED} after
 * {@code intake.republishAfterSeconds} is published again (its first publish may have been lost); requests
 * older than {@code intake.retentionDays} are removed.
 */
public record OrderSettings(Set<Role> roles, Duration republishAfter, int retentionDays) {
  public enum Role { API, INTAKE }

  /** Reads {@code order} and {@code intake}; a bad value fails with the key it is at. */
  public static OrderSettings of(SwitchboardConfig config) {
    ConfigReader intake = config.section("intake");
    return new OrderSettings(config.section("order").roles("roles", Role.class),
        Duration.ofSeconds(intake.integer("republishAfterSeconds", 1, 86_400)),
        intake.integer("retentionDays", 1, 36_500));
  }
}
