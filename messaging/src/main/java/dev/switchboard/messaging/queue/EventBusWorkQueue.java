package dev.switchboard.messaging.queue;

import dev.switchboard.platform.Backoff;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailures;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WorkQueue} without a broker (the standalone default): a publish is an event-bus request to the
 * consumer, answered once the consumer's first attempt settled — its {@code Done} stands in for the
 * broker's confirm. A {@code RetryLater} is answered at once (the message was taken) and retried in the
 * consumer's process with the same back-off and attempt limit as on RabbitMQ; what still fails then, or is
 * rejected, is logged and counted as dead-lettered. Nothing here survives the process: without a broker,
 * durability is the business's own (the order intake keeps every accepted request in PostgreSQL).
 */
public final class EventBusWorkQueue implements WorkQueue {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusWorkQueue.class);
  private static final String MESSAGE_ID = "x-message-id";

  private final Vertx vertx;
  private final String name;
  private final String address;
  private final int maxAttempts;
  private final Backoff retries;
  private final Duration handlerTimeout;
  private final long sendTimeoutMs;
  private final Counter deadLettered;
  private final Counter retried;

  public EventBusWorkQueue(Vertx vertx, String name, int maxAttempts, Backoff retries, Duration handlerTimeout,
                           Duration sendTimeout) {
    this.vertx = vertx;
    this.name = name;
    this.address = "switchboard.queue." + name;
    this.maxAttempts = maxAttempts;
    this.retries = retries;
    this.handlerTimeout = handlerTimeout;
    this.sendTimeoutMs = sendTimeout.toMillis();
    this.deadLettered = counter("dead_lettered");
    this.retried = counter("retried");
  }

  private Counter counter(String event) {
    return Counter.builder("switchboard.queue.messages").description("Messages by queue and what happened to them")
        .tag("queue", name).tag("event", event).register(Metrics.registry());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Void> publish(String id, Buffer body, Map<String, String> headers) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    if (headers != null) {
      headers.forEach(options::addHeader);
    }
    if (id != null) {
      options.addHeader(MESSAGE_ID, id);
    }
    return vertx.eventBus().request(address, body, options).<Void>mapEmpty().recover(e -> Future.failedFuture(
        e instanceof ReplyException reply ? failure(reply) : e));
  }

  private ServiceFailure failure(ReplyException reply) {
    return switch (reply.failureType()) {
      case NO_HANDLERS -> ServiceFailure.unavailable("No consumer of queue " + name + " runs");
      case TIMEOUT -> ServiceFailure.unavailable("The consumer of queue " + name + " did not take the message in time");
      default -> ServiceFailures.fromReply(reply);
    };
  }

  @Override
  public boolean canPublish() {
    return true;
  }

  @Override
  public Consumer consume(Function<WorkMessage, Future<Outcome>> handler) {
    MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(address, message -> {
      Map<String, String> headers = new HashMap<>();
      message.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
      RequestContext.setTraceId(headers.get(Headers.REQUEST_ID));
      WorkMessage work = new WorkMessage(headers.remove(MESSAGE_ID), message.body(), headers, 0);
      attempt(handler, work, message);
    });
    return new Consumer() {
      @Override
      public boolean consuming() {
        return consumer.isRegistered();
      }

      @Override
      public Future<Void> stop(Duration grace) {
        return consumer.unregister();
      }
    };
  }

  /** One attempt; the first one answers the publisher ({@code publisher} null for the later ones). */
  private void attempt(Function<WorkMessage, Future<Outcome>> handler, WorkMessage work, Message<Buffer> publisher) {
    Promise<Outcome> outcome = Promise.promise();
    long deadline = vertx.setTimer(handlerTimeout.toMillis(), t -> outcome.tryComplete(Outcome.retryLater(
        "no outcome within " + handlerTimeout.toMillis() + " ms")));
    Future<Outcome> handled;
    try {
      handled = handler.apply(work);
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    handled.onComplete(ar -> outcome.tryComplete(ar.succeeded() ? (ar.result() == null ? Outcome.done() : ar.result())
        : Outcome.of(ar.cause())));
    outcome.future().onSuccess(result -> {
      vertx.cancelTimer(deadline);
      if (result instanceof Outcome.Rejected rejected) {
        dead(work, rejected.reason());
        if (publisher != null) {
          publisher.reply(ServiceFailure.badRequest("Queue " + name + " refused the message: " + rejected.reason()));
        }
        return;
      }
      if (publisher != null) {
        publisher.reply(null);
      }
      if (result instanceof Outcome.RetryLater later) {
        int attempts = work.attempts() + 1;
        if (attempts >= maxAttempts) {
          dead(work, "gave up after " + attempts + " attempts: " + later.reason());
          return;
        }
        long delay = retries.delay(attempts - 1);
        retried.increment();
        LOG.info("Message {} on queue {} failed ({}); attempt {} of {} in {} ms", work.id(), name, later.reason(),
            attempts + 1, maxAttempts, delay);
        WorkMessage again = new WorkMessage(work.id(), work.body(), work.headers(), attempts);
        vertx.setTimer(delay, t -> attempt(handler, again, null));
      }
    });
  }

  private void dead(WorkMessage work, String reason) {
    deadLettered.increment();
    LOG.warn("Message {} on queue {} dead-lettered after {} attempt(s): {} (no broker: it is not kept)", work.id(),
        name, work.attempts() + 1, reason);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
