package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.switchboard.shared.bus.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An AMQP channel owned by one Vert.x context. The Java client's channel calls may block (RPCs such as
 * declare and qos; writes under TCP back-pressure or a broker alarm), so they run on a worker thread, in
 * submission order, one batch at a time: under load many publishes and acks share one hop to the worker.
 * Results are delivered back on the owning context.
 */
final class AmqpChannel {
  /** A call on the channel; runs on a worker thread. */
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

  /** Queues a call; may be invoked from any thread. */
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

  Future<Void> close() {
    return context.executeBlocking(() -> {
      if (channel.isOpen()) {
        try {
          channel.close();
        } catch (Exception e) {
          channel.abort();
        }
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
