package dev.switchboard.order;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.PgPools;
import dev.switchboard.messaging.queue.WorkQueue;
import dev.switchboard.messaging.events.SystemEvents;
import dev.switchboard.messaging.queue.WorkQueues;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake consumer: takes accepted orders from the intake work queue and stores each exactly once
 * (settled after the commit); removes intake requests older than {@code intake.retentionDays}.
 */
public final class OrderIntakeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrderIntakeVerticle.class);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private final SwitchboardConfig config;
  private final WorkQueues queues;
  private final OrderSettings settings;
  private final CacheInvalidator cache;
  private final SystemEvents events;
  private Database db;
  private WorkQueue.Consumer consumer;
  private long purger = -1;

  public OrderIntakeVerticle(SwitchboardConfig config, OrderSettings settings, WorkQueues queues,
                             CacheInvalidator cache, SystemEvents events) {
    this.events = events;
    this.config = config;
    this.settings = settings;
    this.queues = queues;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    db = PgPools.forInstance(vertx, config);
    IntakeRepository repository = new IntakeRepository(db, Clock.systemUTC());
    OrderIntake intake = new OrderIntake(repository, cache, events);
    // a consumer paused by a database outage takes messages again once the database answers
    consumer = queues.consume(vertx, config.queues().orderIntake(), db::ping, intake::onMessage);
    Duration retention = Duration.ofDays(settings.retentionDays());
    purger = vertx.setPeriodic(PURGE_EVERY.toMillis(), t -> purge(repository, retention));
    vertx.setTimer(1_000, t -> purge(repository, retention));
    return cache.open();
  }

  private void purge(IntakeRepository repository, Duration retention) {
    repository.purge(retention).onSuccess(removed -> {
      if (removed > 0) {
        LOG.info("Removed {} intake request(s) older than {} days", removed, retention.toDays());
        purge(repository, retention);
      }
    });
  }

  /** Stops taking orders: those in hand are stored and settled, the rest stay queued. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purger);
    Future<Void> stopped = consumer != null ? consumer.stop(config.shutdown().grace()) : Future.succeededFuture();
    return stopped.eventually(() -> db == null ? Future.succeededFuture() : db.close());
  }
}
