package dev.switchboard.gateway;

import dev.switchboard.shared.cache.ResponseCache;
import dev.switchboard.shared.launch.Infrastructure;
import dev.switchboard.shared.launch.ServiceModule;
import dev.switchboard.shared.rabbit.Broker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The gateway: {@code instances} HTTP verticles sharing the process's HTTP port. */
public final class GatewayModule implements ServiceModule {
  private volatile boolean ready;

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    Broker rabbit = infrastructure.config().rabbitmq().enabled() ? infrastructure.broker() : null;
    ResponseCache cache = infrastructure.cache();
    Circuits circuits = new Circuits(infrastructure.config().calls(), infrastructure.health());
    return infrastructure.deployEdge(() -> new GatewayVerticle(infrastructure.config(), infrastructure.health(), rabbit,
            cache, infrastructure::starting, circuits), infrastructure.config().instances())
        .onSuccess(id -> ready = true)
        .mapEmpty();
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public boolean servesHttp() {
    return true;
  }
}
