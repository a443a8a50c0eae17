package dev.switchboard.standalone;

import dev.switchboard.gateway.GatewayModule;
import dev.switchboard.order.OrderModule;
import dev.switchboard.ping.PingModule;
import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.cache.Caches;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.storage.Postgres;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.launch.SwitchboardApplication;
import dev.switchboard.user.UserModule;
import io.vertx.core.Future;
import java.util.List;

/**
 * Main verticle of {@code switchboard.jar}: every service in one JVM behind the gateway. By default with
 * an embedded PostgreSQL, the in-JVM event bus instead of RabbitMQ and an in-process cache instead of
 * Redis; {@code -conf conf/local.json} points the same jar at local services.
 */
public class StandaloneApplication extends SwitchboardApplication {
  private EmbeddedPostgresServer embedded;

  @Override
  protected String role() {
    return "standalone";
  }

  @Override
  protected Future<SwitchboardConfig> prepare(SwitchboardConfig config) {
    if (!config.postgres().embedded()) {
      return Future.succeededFuture(config);
    }
    return EmbeddedPostgresServer.start(vertx, config.postgres()).map(server -> {
      embedded = server;
      return config.withPostgres(config.postgres().at("localhost", server.port()));
    });
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    Messaging messaging = Messaging.open(infrastructure, "switchboard-" + role());
    Caches caches = Caches.open(infrastructure, messaging);
    ResponseCache responses = GatewayModule.responseCache(infrastructure, caches);
    // without Redis, the services here write through the gateway's in-process cache
    CacheInvalidator invalidator = caches.invalidator(responses instanceof CacheInvalidator local ? local : null);
    Postgres postgres = Postgres.open(infrastructure);
    return List.of(new UserModule(messaging, postgres, invalidator), new OrderModule(messaging, postgres, invalidator),
        new PingModule(messaging), new GatewayModule(messaging, responses));
  }

  @Override
  public Future<?> stop() {
    return super.stop().eventually(() -> embedded == null ? Future.succeededFuture() : embedded.stop(vertx));
  }
}
