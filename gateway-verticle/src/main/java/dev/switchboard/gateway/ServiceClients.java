package dev.switchboard.gateway;

import dev.switchboard.shared.bus.EventBusServiceClient;
import dev.switchboard.shared.bus.ServiceClient;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.config.Transport;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Vertx;

/** Builds the client for each service with the transport the config names for it. */
final class ServiceClients {
  private final Vertx vertx;
  private final SwitchboardConfig config;

  ServiceClients(Vertx vertx, SwitchboardConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  ServiceClient client(Service service) {
    Transport transport = service.transport(config.transport());
    return switch (transport) {
      case EVENTBUS -> new EventBusServiceClient(vertx, service, config.calls().timeout());
      case RABBITMQ -> throw new UnsupportedOperationException("RabbitMQ transport is not available yet");
    };
  }
}
