package dev.switchboard.messaging;

import dev.switchboard.contract.Service;
import dev.switchboard.messaging.queue.WorkQueues;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.messaging.events.SystemEvents;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.config.Transport;
import dev.switchboard.platform.launch.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/**
 * A process's messaging: its RabbitMQ connections when RabbitMQ is enabled (connecting in the background,
 * reported by the {@code rabbitmq} check), its work queues (on RabbitMQ, or on the event bus without it),
 * and the endpoints of its services (bridged from their RabbitMQ request queues when that is their
 * transport). The application opens one and passes it
 * to the modules that need it; it closes with the process.
 */
public final class Messaging {
  private final Infrastructure infrastructure;
  private final Broker broker;
  private final WorkQueues workQueues;
  private final SystemEvents events;

  private Messaging(Infrastructure infrastructure, Broker broker) {
    this.infrastructure = infrastructure;
    this.broker = broker;
    this.workQueues = new WorkQueues(infrastructure.config(), broker, infrastructure.health());
    this.events = SystemEvents.open(infrastructure, broker);
  }

  /** Opens the process's messaging; {@code connectionName} names its broker connections. */
  public static Messaging open(Infrastructure infrastructure, String connectionName) {
    SwitchboardConfig config = infrastructure.config();
    Broker broker = null;
    if (config.rabbitmq().enabled()) {
      broker = Broker.start(infrastructure.vertx(), config.rabbitmq(), connectionName);
      Broker b = broker;
      infrastructure.health().register("rabbitmq", () -> {
        JsonObject state = b.state();
        return Future.succeededFuture("DOWN".equals(state.getString("state")) ? Status.KO(state) : Status.OK(state));
      });
      infrastructure.onClose(b::close);
    }
    return new Messaging(infrastructure, broker);
  }

  /** The process's RabbitMQ connections, or null when RabbitMQ is not enabled. */
  public Broker broker() {
    return broker;
  }

  /** What this process tells the system's watchers (the live console). */
  public SystemEvents events() {
    return events;
  }

  public WorkQueues workQueues() {
    return workQueues;
  }

  /**
   * An endpoint for {@code service}, made on the calling verticle's context: when the service's transport
   * is rabbitmq it also serves the service's request queue, on the same event loop.
   */
  public ServiceEndpoint endpoint(Vertx vertx, Service service) {
    SwitchboardConfig config = infrastructure.config();
    ServiceEndpoint endpoint = ServiceEndpoint.of(vertx, service);
    if (config.transport().of(service) != Transport.RABBITMQ) {
      return endpoint;
    }
    return endpoint.bridgedFrom(new ServiceEndpoint.Bridge(broker, config.queues().requestQueue(service),
        config.rabbitmq().prefetch(), config.calls().timeout(), infrastructure.health()));
  }
}
