package dev.switchboard.gateway;

import dev.switchboard.messaging.bus.EventBusServiceClient;
import dev.switchboard.messaging.bus.MeteredServiceClient;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.config.Transport;
import dev.switchboard.contract.Service;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.messaging.rabbit.RabbitServiceClient;
import dev.switchboard.messaging.rabbit.RpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Builds the client for each service with the transport the config names for it, behind its circuit
 * breaker ({@link Circuits}) and timed ({@link MeteredServiceClient}). The services reached over RabbitMQ
 * share one {@link RpcClient} (one reply queue) per gateway verticle.
 */
final class ServiceClients {
  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final Broker rabbit;
  private final Circuits circuits;
  private RpcClient rpc;

  /** @param rabbit the process's RabbitMQ connections, or null when RabbitMQ is not enabled */
  ServiceClients(Vertx vertx, SwitchboardConfig config, Broker rabbit, Circuits circuits) {
    this.vertx = vertx;
    this.config = config;
    this.rabbit = rabbit;
    this.circuits = circuits;
  }

  ServiceClient client(Service service) {
    Transport transport = config.transport().of(service);
    ServiceClient client = switch (transport) {
      case EVENTBUS -> new EventBusServiceClient(vertx, service, config.calls().timeout());
      case RABBITMQ -> new RabbitServiceClient(rpc(), config.queues().requestQueue(service));
    };
    return new MeteredServiceClient(circuits.guard(vertx, service, client), service, transport.configName());
  }

  private RpcClient rpc() {
    if (rpc == null) {
      rpc = RpcClient.start(vertx, rabbit, config.calls().timeout());
    }
    return rpc;
  }

  Future<Void> close() {
    return rpc == null ? Future.succeededFuture() : rpc.close();
  }
}
