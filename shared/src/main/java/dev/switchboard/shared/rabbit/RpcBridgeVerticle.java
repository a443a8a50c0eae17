package dev.switchboard.shared.rabbit;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs an {@link RpcBridge} beside a service whose transport is rabbitmq. */
public final class RpcBridgeVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final RabbitConnection rabbit;
  private final Service service;
  private RpcBridge bridge;

  public RpcBridgeVerticle(SwitchboardConfig config, RabbitConnection rabbit, Service service) {
    this.config = config;
    this.rabbit = rabbit;
    this.service = service;
  }

  @Override
  public Future<?> start() {
    bridge = RpcBridge.start(vertx, rabbit, service, service.requestQueue(config.queues()), config.rabbitmq().prefetch(),
        config.calls().timeout());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return bridge.stop(config.shutdown().grace());
  }
}
