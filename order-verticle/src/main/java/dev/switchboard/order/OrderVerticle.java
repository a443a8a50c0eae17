package dev.switchboard.order;

import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.db.PgPools;
import dev.switchboard.shared.contract.Actions;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.rabbit.ConfirmedPublisher;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Serves the order service's event-bus API, including the accepting side of the intake. */
public final class OrderVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final RabbitConnection rabbit;
  private final CacheInvalidator cache;
  private Pool pool;
  private IntakeChannel channel;
  private ServiceEndpoint endpoint;

  /** @param rabbit the process's RabbitMQ connection, or null when RabbitMQ is not enabled */
  public OrderVerticle(SwitchboardConfig config, RabbitConnection rabbit, CacheInvalidator cache) {
    this.config = config;
    this.rabbit = rabbit;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.forInstance(vertx, config);
    channel = rabbit != null
        ? IntakeChannel.rabbit(ConfirmedPublisher.create(vertx, rabbit, config.queues().orderIntake(),
            config.rabbitmq().confirmTimeout()))
        : IntakeChannel.eventBus(vertx, config.calls().timeout());
    Clock clock = Clock.systemUTC();
    OrderService orders = new OrderService(new OrderRepository(pool, clock), new IntakeRepository(pool, clock), channel,
        cache);
    endpoint = ServiceEndpoint.of(vertx, Service.ORDER)
        .action(Actions.Order.CREATE, orders::create)
        .action(Actions.Order.LIST, orders::list)
        .action(Actions.Order.LIST_BY_USER, orders::listByUser)
        .action(Actions.Order.GET, orders::get)
        .action(Actions.Order.UPDATE, orders::update)
        .action(Actions.Order.DELETE, orders::delete)
        .action(Actions.Order.ENQUEUE, orders::enqueue)
        .action(Actions.Order.INTAKE_STATUS, orders::intakeStatus);
    return Future.all(cache.open(), endpoint.register());
  }

  /** Finishes the calls in hand (at most the shutdown grace), then closes the intake channel. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.eventually(() -> channel == null ? Future.succeededFuture() : channel.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
