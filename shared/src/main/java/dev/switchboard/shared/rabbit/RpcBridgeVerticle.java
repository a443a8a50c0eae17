package dev.switchboard.shared.rabbit;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
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
  private final RabbitConnection rabbit;
  private final Service service;
  private RpcBridge bridge;
  private Context bridgeContext;

  public RpcBridgeVerticle(SwitchboardConfig config, RabbitConnection rabbit, Service service) {
    this.config = config;
    this.rabbit = rabbit;
    this.service = service;
  }

  @Override
  public Future<?> start() {
    String queue = service.requestQueue(config.queues());
    Optional<ServiceEndpoint.Local> endpoint = ServiceEndpoint.nextLocal(vertx, service);
    if (endpoint.isEmpty()) {
      bridgeContext = context;
      bridge = RpcBridge.start(vertx, rabbit, service, queue, config.rabbitmq().prefetch(), config.calls().timeout());
      return Future.succeededFuture();
    }
    bridgeContext = endpoint.get().context();
    return onBridgeContext(() -> {
      bridge = RpcBridge.startBeside(vertx, rabbit, endpoint.get(), queue, config.rabbitmq().prefetch(),
          config.calls().timeout());
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
