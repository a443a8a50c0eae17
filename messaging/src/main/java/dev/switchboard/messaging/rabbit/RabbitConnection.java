package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.impl.nio.NioParams;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived AMQP connection, built on the RabbitMQ Java client's automatic recovery: once connected, a
 * lost connection is re-established with its channels, qos, confirm mode, queues and consumers, after an
 * exponential back-off capped at 5 s. The first connection is retried here with the same back-off, so a
 * process may start before its broker. When the broker blocks the connection (a memory or disk alarm) it
 * says so ({@link #blocked()}), so that publishers answer at once instead of queueing behind a connection
 * that does not move. Nothing here blocks an event loop: connecting runs on a worker thread.
 */
public final class RabbitConnection {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitConnection.class);
  private static final Backoff BACKOFF = new Backoff(250, 5_000);

  private final Vertx vertx;
  private final ConnectionFactory factory;
  private final String name;
  private final String safeUri;
  private final List<Runnable> waiting = new ArrayList<>();
  private final QueueTopology topology = new QueueTopology();
  private volatile Connection connection;
  private volatile boolean closed;
  private volatile String lastError = "not connected yet";
  private volatile String blocked;
  private long retryTimer = -1;

  private RabbitConnection(Vertx vertx, SwitchboardConfig.RabbitMq config, String name) {
    this.vertx = vertx;
    this.name = name;
    this.safeUri = config.safeUri();
    this.factory = new ConnectionFactory();
    try {
      factory.setUri(config.uri());
    } catch (Exception e) {
      throw new IllegalArgumentException("Config key rabbitmq.uri is not a valid AMQP URI: " + safeUri, e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setRecoveryDelayHandler(BACKOFF::delay);
    factory.setRequestedHeartbeat(10);
    factory.setConnectionTimeout(2_000);
    factory.setHandshakeTimeout(5_000);
    factory.setShutdownTimeout(2_000);
    // NIO: a publish or an ack only enqueues frames for the I/O thread, so the event loops can make them
    // directly; a broker that stops reading fills the queue and the next call fails at once
    factory.useNio();
    factory.setNioParams(new NioParams().setWriteQueueCapacity(100_000).setWriteEnqueuingTimeoutInMs(0));
    factory.setSharedExecutor(new InlineExecutor());
  }

  /** Starts connecting in the background; use {@link #onConnected} to act once connected. */
  public static RabbitConnection start(Vertx vertx, SwitchboardConfig.RabbitMq config, String name) {
    RabbitConnection rabbit = new RabbitConnection(vertx, config, name);
    rabbit.attempt(0);
    return rabbit;
  }

  private void attempt(int failures) {
    if (closed) {
      return;
    }
    vertx.<Connection>executeBlocking(() -> factory.newConnection(name), false).onComplete(ar -> {
      if (ar.succeeded()) {
        connected(ar.result());
        return;
      }
      lastError = String.valueOf(ar.cause().getMessage());
      long delay = BACKOFF.delay(failures);
      if (failures == 0) {
        LOG.warn("RabbitMQ at {} is not reachable ({}); retrying every {} ms at most", safeUri, lastError,
            BACKOFF.maxMs());
      } else {
        LOG.debug("RabbitMQ connection attempt {} failed: {}", failures + 1, lastError);
      }
      retryTimer = vertx.setTimer(delay, t -> attempt(failures + 1));
    });
  }

  private void connected(Connection c) {
    if (closed) {
      vertx.executeBlocking(() -> {
        c.abort(1_000);
        return null;
      }, false);
      return;
    }
    c.addShutdownListener(cause -> {
      if (!cause.isInitiatedByApplication()) {
        lastError = String.valueOf(cause.getMessage());
        LOG.warn("RabbitMQ connection {} lost: {}; recovering", name, lastError);
      }
    });
    c.addBlockedListener(reason -> {
      blocked = String.valueOf(reason);
      LOG.warn("RabbitMQ blocked connection {}: {}; publishes are refused until it unblocks", name, blocked);
    }, () -> {
      blocked = null;
      LOG.info("RabbitMQ unblocked connection {}", name);
    });
    if (c instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable r) {
          LOG.info("RabbitMQ connection {} recovered", name);
        }

        @Override
        public void handleRecoveryStarted(Recoverable r) {
          // logged by the shutdown listener
        }
      });
    }
    connection = c;
    LOG.info("Connected to RabbitMQ at {} as {}", safeUri, name);
    List<Runnable> ready;
    synchronized (waiting) {
      ready = new ArrayList<>(waiting);
      waiting.clear();
    }
    ready.forEach(Runnable::run);
  }

  /**
   * Calls {@code handler} on {@code context} once the first connection is up (at once if it already is).
   * Later losses and recoveries are handled by the client's automatic recovery.
   */
  public void onConnected(Context context, Handler<Connection> handler) {
    Runnable task = () -> context.runOnContext(v -> {
      if (!closed) {
        handler.handle(connection);
      }
    });
    synchronized (waiting) {
      if (connection == null) {
        waiting.add(task);
        return;
      }
    }
    task.run();
  }

  public boolean isOpen() {
    Connection c = connection;
    return c != null && c.isOpen();
  }

  /** The broker's reason while it blocks this connection (a resource alarm), or null. */
  public String blocked() {
    return blocked;
  }

  /** Why the connection is not open, for readiness reports. */
  public String lastError() {
    return lastError;
  }

  public String name() {
    return name;
  }

  public Future<Void> close() {
    closed = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    Connection c = connection;
    if (c == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      try {
        c.close(2_000);
      } catch (Exception e) {
        c.abort(1_000);
      }
      return null;
    }, false);
  }

  /** The queues this connection declares, and those it found declared otherwise. */
  public QueueTopology topology() {
    return topology;
  }
}
