package dev.switchboard.messaging.rabbit;

import dev.switchboard.platform.Backoff;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a channel and runs its set-up (declare queues, qos, consume, confirm mode) once the connection is
 * up, retrying with backoff until it succeeds or its owner stops: a set-up interrupted by a lost
 * connection, or refused by the broker, never leaves a consumer or publisher silently dead. With
 * {@link #keepOpen}, the same holds after the broker closes the channel over a channel-level error
 * (the client's automatic recovery only brings back the channels of a lost connection).
 */
final class ChannelSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelSetup.class);
  private static final Backoff RETRIES = new Backoff(250, 5_000);
  private static final long REOPEN_DELAY_MS = 250;

  private ChannelSetup() {
  }

  /** Completes with the channel once {@code setup} ran on it; never fails unless {@code stopped}. */
  static Future<AmqpChannel> open(Vertx vertx, Context context, RabbitConnection rabbit, String what,
                                  BooleanSupplier stopped, AmqpChannel.Call<Void> setup) {
    Promise<AmqpChannel> done = Promise.promise();
    rabbit.onConnected(context, connection -> attempt(vertx, context, connection, what, stopped, setup, 0, done));
    return done.future();
  }

  /**
   * Like {@link #open}, then again each time the broker closes the channel over a channel-level error:
   * the dead channel is discarded (so that connection recovery never revives it) and {@code onOpen} gets
   * each new channel, on {@code context}.
   */
  static void keepOpen(Vertx vertx, Context context, RabbitConnection rabbit, String what, BooleanSupplier stopped,
                       AmqpChannel.Call<Void> setup, Handler<AmqpChannel> onOpen) {
    open(vertx, context, rabbit, what, stopped, setup).onSuccess(channel -> {
      // The client notifies a channel's shutdown listeners again when a closed channel is aborted (as
      // close() below does), with the same signal: replace each channel once, or this would loop.
      AtomicBoolean replaced = new AtomicBoolean();
      channel.raw().addShutdownListener(signal -> {
        if (signal.isHardError() || signal.isInitiatedByApplication() || stopped.getAsBoolean()
            || !replaced.compareAndSet(false, true)) {
          return;
        }
        LOG.warn("The broker closed the channel of {} ({}); opening a new one", what, signal.getMessage());
        context.runOnContext(v -> channel.close().onComplete(closed -> vertx.setTimer(REOPEN_DELAY_MS,
            t -> keepOpen(vertx, context, rabbit, what, stopped, setup, onOpen))));
      });
      onOpen.handle(channel);
    });
  }

  private static void attempt(Vertx vertx, Context context, Connection connection, String what,
                              BooleanSupplier stopped, AmqpChannel.Call<Void> setup, int failures,
                              Promise<AmqpChannel> done) {
    if (stopped.getAsBoolean()) {
      done.tryFail("stopped");
      return;
    }
    AmqpChannel.open(context, connection)
        .compose(channel -> channel.call(setup).map(channel)
            .onFailure(e -> channel.close()))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            done.tryComplete(ar.result());
            return;
          }
          if (stopped.getAsBoolean() || closedByUs(ar.cause())) {
            done.tryFail("stopped");
            return;
          }
          long delay = RETRIES.delay(failures);
          if (failures == 0 || failures % 20 == 0) {
            LOG.warn("Cannot set up {} yet ({}); retrying", what, reason(ar.cause()));
          }
          vertx.setTimer(delay, t -> attempt(vertx, context, connection, what, stopped, setup, failures + 1, done));
        });
  }

  private static boolean closedByUs(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ShutdownSignalException s && s.isInitiatedByApplication() && s.isHardError()) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ShutdownSignalException s) {
        return s.getMessage();
      }
    }
    return String.valueOf(t.getMessage());
  }
}
