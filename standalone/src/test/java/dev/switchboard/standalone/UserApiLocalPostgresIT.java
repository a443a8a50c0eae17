package dev.switchboard.standalone;

import dev.switchboard.testing.TestConfig;
import io.vertx.core.json.JsonObject;

/** The user API against the test PostgreSQL (localhost, an override, or a container). */
class UserApiLocalPostgresIT extends UserApiContract {
  private final TestConfig config = TestConfig.create().withPostgres("user_api");

  @Override
  protected JsonObject config() {
    return config.json();
  }

  @Override
  protected int httpPort() {
    return config.httpPort();
  }

  @Override
  protected void cleanUp() {
    config.cleanUp();
  }
}
