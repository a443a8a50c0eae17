package dev.switchboard.ping;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Actions;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.rabbit.ConfirmedPublisher;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;

/** The ping role: serves {@code publish} on the ping service address. */
public final class PingVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final RabbitConnection rabbit;
  private PingChannel channel;
  private ServiceEndpoint endpoint;

  /** @param rabbit the process's RabbitMQ connection, or null when RabbitMQ is not enabled */
  public PingVerticle(SwitchboardConfig config, RabbitConnection rabbit) {
    this.config = config;
    this.rabbit = rabbit;
  }

  @Override
  public Future<?> start() {
    channel = rabbit != null
        ? new RabbitPingChannel(ConfirmedPublisher.create(vertx, rabbit, config.queues().ping(),
            config.rabbitmq().confirmTimeout()))
        : new EventBusPingChannel(vertx, config.calls().timeout());
    PingService service = new PingService(channel, Clock.systemDefaultZone());
    endpoint = ServiceEndpoint.of(vertx, Service.PING).action(Actions.Ping.PUBLISH, service::publish);
    return endpoint.register();
  }

  /** Lets the pings in hand get their confirm, then closes the channel. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.eventually(() -> channel == null ? Future.succeededFuture() : channel.close());
  }
}
