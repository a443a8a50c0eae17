package dev.switchboard.user;

import dev.switchboard.platform.config.ConfigReader;
import dev.switchboard.platform.config.SwitchboardConfig;

/**
 * The user service's own section of the config, {@code user}: which Argon2id implementation hashes passwords
 * ({@code passwordHashing.engine}, see {@link Argon2EngineChoice}).
 */
record UserSettings(Argon2EngineChoice hashingEngine) {
  /** Reads {@code user}; an unknown value fails with the key it is at. */
  static UserSettings of(SwitchboardConfig config) {
    ConfigReader user = config.section("user");
    return new UserSettings(Argon2EngineChoice.read(user.section("passwordHashing")));
  }
}
