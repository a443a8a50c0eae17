package dev.switchboard.ping;

import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Service;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.messaging.queue.WorkQueues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The ping service: the ping role (publisher, {@code instances} copies) and/or the pong role (consumer and
 * store, one copy), as {@code ping.roles} says.
 */
public final class PingModule implements ServiceModule {
  private final Messaging messaging;
  private volatile boolean ready;

  public PingModule(Messaging messaging) {
    this.messaging = messaging;
  }

  @Override
  public String name() {
    return "ping";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    SwitchboardConfig config = infrastructure.config();
    PingSettings settings = PingSettings.of(config);
    List<Future<?>> deployments = new ArrayList<>();
    if (settings.roles().contains(PingSettings.Role.PING)) {
      deployments.add(infrastructure.deploy(() -> new PingVerticle(config, messaging), config.instances()));
    }
    if (settings.roles().contains(PingSettings.Role.PONG)) {
      deployments.add(infrastructure.deploy(() -> {
        PongVerticle pong = new PongVerticle(config, settings, messaging);
        // up while the consumer takes pings: a stopped one shows DOWN, not just absent
        infrastructure.health().addToCheck("pong", pong::consuming);
        return pong;
      }, 1));
    }
    return Future.all(deployments).onSuccess(v -> ready = true).mapEmpty();
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
