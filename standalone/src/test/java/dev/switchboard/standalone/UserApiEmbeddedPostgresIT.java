package dev.switchboard.standalone;

import dev.switchboard.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;

/** The user API in standalone mode: the embedded PostgreSQL from bundled binaries. */
class UserApiEmbeddedPostgresIT extends UserApiContract {
  private final TestConfig config = TestConfig.create()
      .put("postgres.embedded", true)
      .put("postgres.dataDir", Path.of("target", "embedded-pg-" + UUID.randomUUID()).toString());

  @Override
  protected JsonObject config() {
    return config.json();
  }

  @Override
  protected int httpPort() {
    return config.httpPort();
  }
}
