package dev.switchboard.messaging.queue;

import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.ops.Health;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.messaging.rabbit.QueueConsumer;
import dev.switchboard.messaging.rabbit.RabbitWorkQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens the process's work queues on whatever carries them — RabbitMQ when enabled, the event bus
 * otherwise — so that business code never asks which. Every queue opened here is reported by one readiness
 * check, {@code queues}: down while a consumer does not consume, degraded while a publisher cannot publish.
 */
public final class WorkQueues {
  private final SwitchboardConfig config;
  private final Broker broker;
  private final List<Role> roles = new CopyOnWriteArrayList<>();

  private record Role(String queue, String kind, BooleanSupplier up) {
  }

  /** @param broker the process's broker, or null when RabbitMQ is not enabled */
  public WorkQueues(SwitchboardConfig config, Broker broker, Health health) {
    this.config = config;
    this.broker = broker;
    health.register("queues", () -> Future.succeededFuture(status()));
  }

  /** A queue to publish to, opened on the calling verticle's context (call from its start). */
  public WorkQueue forPublishing(Vertx vertx, String queue) {
    WorkQueue opened = open(vertx, queue, null);
    roles.add(new Role(queue, "publisher", opened::canPublish));
    return opened;
  }

  /**
   * A queue to consume, opened on the calling verticle's context: {@code probe} (may be null) answers when
   * the handler's dependency does, so that a consumer paused by transient failures resumes only then.
   */
  public WorkQueue.Consumer consume(Vertx vertx, String queue, Supplier<Future<Void>> probe,
                                    Function<WorkMessage, Future<Outcome>> handler) {
    WorkQueue.Consumer consumer = open(vertx, queue, probe).consume(handler);
    roles.add(new Role(queue, "consumer", consumer::consuming));
    return consumer;
  }

  private WorkQueue open(Vertx vertx, String queue, Supplier<Future<Void>> probe) {
    SwitchboardConfig.Queues q = config.queues();
    Backoff retries = new Backoff(q.retryInitialMs(), q.retryMaxMs());
    if (broker == null) {
      return new EventBusWorkQueue(vertx, queue, q.maxAttempts(), retries, q.handlerTimeout(), config.calls().timeout());
    }
    return RabbitWorkQueue.open(vertx, broker, queue, new QueueConsumer.Settings(config.rabbitmq().prefetch(),
        q.maxAttempts(), retries, q.handlerTimeout(), true), config.rabbitmq().confirmTimeout(), probe);
  }

  private Status status() {
    JsonArray detail = new JsonArray();
    boolean consuming = true;
    boolean publishing = true;
    for (Role role : roles) {
      boolean up = role.up().getAsBoolean();
      detail.add(new JsonObject().put("queue", role.queue()).put("role", role.kind()).put("up", up));
      if (!up && role.kind().equals("consumer")) {
        consuming = false;
      } else if (!up) {
        publishing = false;
      }
    }
    JsonObject data = new JsonObject().put("state", !consuming ? "DOWN" : publishing ? "UP" : "DEGRADED")
        .put("queues", detail);
    return consuming ? Status.OK(data) : Status.KO(data);
  }

  /** For tests and tools: a body as the queues carry it. */
  static Buffer json(Map<String, Object> fields) {
    return new JsonObject(fields).toBuffer();
  }

  /** How long a work queue's handler may take (the deadline of each attempt). */
  public Duration handlerTimeout() {
    return config.queues().handlerTimeout();
  }
}
