package dev.switchboard.order;

import dev.switchboard.contract.Access;
import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.order.OrderApi;
import dev.switchboard.contract.Service;
import dev.switchboard.storage.CallOutcomes;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.PgPools;
import dev.switchboard.messaging.queue.WorkQueue;
import dev.switchboard.messaging.Messaging;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the order service's event-bus API, including the accepting side of the intake, and publishes
 * again the intake requests whose first publish did not come through (the outbox sweep).
 */
public final class OrderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrderVerticle.class);
  static final String CALLS_TABLE = "order_calls";
  private static final Duration KEEP_ANSWERS = Duration.ofHours(1);
  private static final int REPUBLISH_BATCH = 100;
  private final SwitchboardConfig config;
  private final Messaging messaging;
  private final OrderSettings settings;
  private final CacheInvalidator cache;
  private Database db;
  private WorkQueue intakeQueue;
  private ServiceEndpoint endpoint;
  private long sweeper = -1;
  private long purger = -1;

  public OrderVerticle(SwitchboardConfig config, OrderSettings settings, Messaging messaging,
                       CacheInvalidator cache) {
    this.config = config;
    this.settings = settings;
    this.messaging = messaging;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    db = PgPools.forInstance(vertx, config);
    intakeQueue = messaging.workQueues().forPublishing(vertx, config.queues().orderIntake());
    Clock clock = Clock.systemUTC();
    CallOutcomes calls = new CallOutcomes(db, CALLS_TABLE, clock);
    OrderService orders = new OrderService(new OrderRepository(db, clock), new IntakeRepository(db, clock),
        intakeQueue, calls, cache, settings.republishAfter(), Access.of(config.section("auth").bool("enabled")),
        messaging.events());
    endpoint = messaging.endpoint(vertx, Service.ORDER).serve(OrderApi.server(orders));
    long sweepEvery = Math.max(1_000, settings.republishAfter().toMillis() / 2);
    sweeper = vertx.setPeriodic(sweepEvery, t -> orders.republishOverdue(REPUBLISH_BATCH)
        .onFailure(e -> LOG.warn("Could not publish overdue intake requests again: {}", e.getMessage())));
    purger = vertx.setPeriodic(Duration.ofMinutes(5).toMillis(), t -> calls.purge(KEEP_ANSWERS));
    return Future.all(cache.open(), endpoint.register());
  }

  /** Finishes the calls in hand (at most the shutdown grace), then closes the intake queue. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(purger);
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.eventually(() -> intakeQueue == null ? Future.succeededFuture() : intakeQueue.close())
        .eventually(() -> db == null ? Future.succeededFuture() : db.close());
  }
}
