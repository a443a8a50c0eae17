package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.switchboard.contract.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An AMQP channel owned by one Vert.x context. Two kinds of calls:
 * <ul>
 *   <li>{@link #call}: calls that wait for the broker (declare, qos, consume, confirm mode, close) run on a
 *       worker thread, in submission order, one batch at a time;</li>
 *   <li>{@link #now}: publishes, acks and nacks run at once on the owning event loop. The connection uses
 *       the client's NIO mode, where such a call only enqueues frames for the I/O thread and never waits
 *       on the socket; a full write queue (a broker that stopped reading) fails the call at once.</li>
 * </ul>
 */
final class AmqpChannel {
  /** A call on the channel. */
  interface Call<T> {
    T run(Channel channel) throws Exception;
  }

  private final Context context;
  private final Channel channel;
  private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
  private boolean draining;

  private AmqpChannel(Context context, Channel channel) {
    this.context = context;
    this.channel = channel;
  }

  static Future<AmqpChannel> open(Context context, Connection connection) {
    return context.executeBlocking(() -> new AmqpChannel(context, connection.createChannel()), false);
  }

  Channel raw() {
    return channel;
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  Context context() {
    return context;
  }

  /**
   * Runs a non-waiting call (publish, ack, nack) on the owning event loop — at once when the caller is on
   * it, else right after — and reports its outcome.
   */
  <T> Future<T> now(Call<T> call) {
    if (onOwnEventLoop()) {
      try {
        return Future.succeededFuture(call.run(channel));
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    Promise<T> promise = RequestContext.promise();
    context.runOnContext(v -> {
      try {
        promise.complete(call.run(channel));
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private boolean onOwnEventLoop() {
    return onEventLoopOf(context);
  }

  /** Whether the caller runs on {@code context}'s event-loop thread (its own or a duplicate context). */
  static boolean onEventLoopOf(Context context) {
    Context current = Vertx.currentContext();
    return current instanceof ContextInternal internal && Context.isOnEventLoopThread()
        && internal.nettyEventLoop() == ((ContextInternal) context).nettyEventLoop();
  }

  /** Queues a call that waits for the broker; may be invoked from any thread. */
  <T> Future<T> call(Call<T> call) {
    Task<T> task = new Task<>(call);
    context.runOnContext(v -> {
      queue.add(task);
      if (!draining) {
        drain();
      }
    });
    return task.promise.future();
  }

  private void drain() {
    draining = true;
    List<Task<?>> batch = new ArrayList<>(queue);
    queue.clear();
    context.executeBlocking(() -> {
      for (Task<?> task : batch) {
        task.runBlocking(channel);
      }
      return null;
    }, false).onComplete(ar -> {
      batch.forEach(Task::complete);
      if (queue.isEmpty()) {
        draining = false;
      } else {
        drain();
      }
    });
  }

  /** Closes the channel; one the broker already closed is aborted, which drops it from connection recovery. */
  Future<Void> close() {
    return context.executeBlocking(() -> {
      if (channel.isOpen()) {
        try {
          channel.close();
        } catch (Exception e) {
          channel.abort();
        }
      } else {
        channel.abort();
      }
      return null;
    }, false);
  }

  private static final class Task<T> {
    private final Call<T> call;
    private final Promise<T> promise = RequestContext.promise();
    private T result;
    private Throwable failure;

    Task(Call<T> call) {
      this.call = call;
    }

    void runBlocking(Channel channel) {
      try {
        result = call.run(channel);
      } catch (Throwable t) {
        failure = t;
      }
    }

    void complete() {
      if (failure != null) {
        promise.fail(failure);
      } else {
        promise.complete(result);
      }
    }
  }
}
