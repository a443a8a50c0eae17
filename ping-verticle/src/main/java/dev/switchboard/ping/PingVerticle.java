package dev.switchboard.ping;

import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.contract.Service;
import dev.switchboard.messaging.queue.WorkQueue;
import dev.switchboard.messaging.Messaging;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;

/** The ping role: serves {@code publish} on the ping service address, publishing to the ping work queue. */
public final class PingVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final Messaging messaging;
  private WorkQueue pings;
  private ServiceEndpoint endpoint;

  public PingVerticle(SwitchboardConfig config, Messaging messaging) {
    this.config = config;
    this.messaging = messaging;
  }

  @Override
  public Future<?> start() {
    pings = messaging.workQueues().forPublishing(vertx, config.queues().ping());
    PingService service = new PingService(pings, Clock.systemDefaultZone());
    endpoint = messaging.endpoint(vertx, Service.PING).serve(PingApi.server(service));
    return endpoint.register();
  }

  /** Lets the pings in hand get their confirm, then closes the queue. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.eventually(() -> pings == null ? Future.succeededFuture() : pings.close());
  }
}
