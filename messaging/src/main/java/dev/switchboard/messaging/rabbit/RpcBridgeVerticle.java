package dev.switchboard.messaging.rabbit;

import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Service;
import dev.switchboard.platform.ops.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs an {@link RpcBridge} beside a service whose transport is rabbitmq. Deployed with as many instances
 * as the service, each instance runs its bridge on the event loop of one service endpoint in this process
 * and forwards to that endpoint alone: a request is received from the broker, served and answered on one
 * thread, with no hop between event loops. With no endpoint registered here, the bridge runs on its own
 * context and forwards to the service's address.
 */
public final class RpcBridgeVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final Broker broker;
  private final Health health;
  private final Service service;
  private RpcBridge bridge;
  private Context bridgeContext;

  public RpcBridgeVerticle(SwitchboardConfig config, Broker broker, Service service, Health health) {
    this.config = config;
    this.broker = broker;
    this.service = service;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    String queue = config.queues().requestQueue(service);
    Optional<ServiceEndpoint.Local> endpoint = ServiceEndpoint.nextLocal(vertx, service);
    if (endpoint.isEmpty()) {
      bridgeContext = context;
      bridge = RpcBridge.start(vertx, broker, service, queue, config.rabbitmq().prefetch(), config.calls().timeout());
      health.addToCheck("rpc " + queue, bridge::isServing);
      return Future.succeededFuture();
    }
    bridgeContext = endpoint.get().context();
    return onBridgeContext(() -> {
      bridge = RpcBridge.startBeside(vertx, broker, service, endpoint.get().address(), queue,
          config.rabbitmq().prefetch(), config.calls().timeout());
      health.addToCheck("rpc " + queue, bridge::isServing);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<?> stop() {
    return onBridgeContext(() -> bridge.stop(config.shutdown().grace()));
  }

  private Future<Void> onBridgeContext(Supplier<Future<Void>> action) {
    Promise<Void> done = Promise.promise();
    bridgeContext.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
