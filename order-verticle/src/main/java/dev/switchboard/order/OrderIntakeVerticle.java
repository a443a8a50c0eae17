package dev.switchboard.order;

import dev.switchboard.shared.bus.ServiceFailures;
import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.db.PgPools;
import dev.switchboard.shared.contract.ServiceFailure;
import dev.switchboard.shared.rabbit.QueueConsumer;
import dev.switchboard.shared.rabbit.RabbitConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake consumer: takes accepted orders from the durable intake queue (manual ack after the commit)
 * or, without RabbitMQ, from the event-bus inbox, and stores each exactly once.
 */
public final class OrderIntakeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrderIntakeVerticle.class);
  private final SwitchboardConfig config;
  private final RabbitConnection rabbit;
  private final CacheInvalidator cache;
  private Pool pool;
  private QueueConsumer consumer;
  private MessageConsumer<JsonObject> inbox;

  /** @param rabbit the process's RabbitMQ connection, or null when RabbitMQ is not enabled */
  public OrderIntakeVerticle(SwitchboardConfig config, RabbitConnection rabbit, CacheInvalidator cache) {
    this.config = config;
    this.rabbit = rabbit;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.forInstance(vertx, config);
    OrderIntake intake = new OrderIntake(new IntakeRepository(pool, Clock.systemUTC()), cache);
    if (rabbit != null) {
      consumer = QueueConsumer.start(vertx, rabbit, config.queues().orderIntake(), config.rabbitmq().prefetch(),
          intake::onMessage);
      return cache.open();
    }
    inbox = vertx.eventBus().consumer(IntakeChannel.INBOX, message ->
        intake.onRequest(message.body()).onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else if (ar.cause() instanceof ServiceFailure failure) {
            message.reply(failure);
          } else if (ar.cause() instanceof ReplyException reply) {
            message.reply(ServiceFailures.fromReply(reply));
          } else {
            LOG.error("Intake request failed", ar.cause());
            message.reply(ServiceFailure.unavailable("The order could not be stored"));
          }
        }));
    return Future.all(cache.open(), inbox.completion());
  }

  /** Stops taking orders: those in hand are stored and acked, the rest go back to the queue. */
  @Override
  public Future<?> stop() {
    Future<Void> stopped = consumer != null ? consumer.stop(config.shutdown().grace())
        : inbox != null ? inbox.unregister() : Future.succeededFuture();
    return stopped.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
