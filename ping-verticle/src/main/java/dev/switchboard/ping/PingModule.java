package dev.switchboard.ping;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.config.SwitchboardConfig.PingRole;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.launch.Infrastructure;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.queue.WorkQueues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The ping service: the ping role (publisher, {@code instances} copies) and/or the pong role (consumer and
 * store, one copy), as {@code ping.roles} says.
 */
public final class PingModule implements ServiceModule {
  private volatile boolean ready;

  @Override
  public String name() {
    return "ping";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    SwitchboardConfig config = infrastructure.config();
    WorkQueues queues = infrastructure.workQueues();
    List<Future<?>> deployments = new ArrayList<>();
    if (config.ping().roles().contains(PingRole.PING)) {
      deployments.add(infrastructure.deploy(() -> new PingVerticle(config, queues), config.instances()));
    }
    if (config.ping().roles().contains(PingRole.PONG)) {
      deployments.add(infrastructure.deploy(() -> new PongVerticle(config, queues), 1));
    }
    return Future.all(deployments).onSuccess(v -> ready = true).mapEmpty();
  }

  @Override
  public List<Service> services(SwitchboardConfig config) {
    List<Service> services = new ArrayList<>();
    if (config.ping().roles().contains(PingRole.PING)) {
      services.add(Service.PING);
    }
    if (config.ping().roles().contains(PingRole.PONG)) {
      services.add(Service.PONG);
    }
    return services;
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
