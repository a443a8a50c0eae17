package dev.switchboard.standalone;

import dev.switchboard.gateway.GatewayModule;
import dev.switchboard.order.OrderModule;
import dev.switchboard.ping.PingModule;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.launch.SwitchboardApplication;
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
  protected List<ServiceModule> modules(SwitchboardConfig config) {
    return List.of(new UserModule(), new OrderModule(), new PingModule(), new GatewayModule());
  }

  @Override
  public Future<?> stop() {
    return super.stop().eventually(() -> embedded == null ? Future.succeededFuture() : embedded.stop(vertx));
  }
}
