package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fanout exchange every interested process listens on: a message published once reaches each current
 * subscriber (through its own exclusive, server-named queue), none that starts later. Best effort and
 * transient — for notices whose loss costs little and that must not pile up (cache invalidations), not for
 * work. Owned by the verticle that creates it.
 */
public final class Broadcast {
  private static final Logger LOG = LoggerFactory.getLogger(Broadcast.class);
  private final Vertx vertx;
  private final Context context;
  private final Broker broker;
  private final String exchange;
  private volatile AmqpChannel publishing;
  private volatile AmqpChannel subscribed;
  private volatile boolean closed;

  private Broadcast(Vertx vertx, Broker broker, String exchange) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.broker = broker;
    this.exchange = exchange;
    ChannelSetup.keepOpen(vertx, context, broker.publishing(), "broadcasts to " + exchange, () -> closed, raw -> {
      raw.exchangeDeclare(exchange, "fanout", true);
      return null;
    }, ch -> publishing = ch);
  }

  /** Declares the exchange and opens a channel to publish on; call from the owning verticle's context. */
  public static Broadcast start(Vertx vertx, Broker broker, String exchange) {
    return new Broadcast(vertx, broker, exchange);
  }

  public Broker broker() {
    return broker;
  }

  /** Publishes to every current subscriber; fails when the broker cannot be reached now. */
  public Future<Void> publish(Buffer body) {
    AmqpChannel ch = publishing;
    if (closed || ch == null || !ch.isOpen() || broker.publishing().blocked() != null) {
      return Future.failedFuture("the message broker is not reachable");
    }
    byte[] bytes = body.getBytes();
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1)
        .build();
    return ch.now(raw -> {
      raw.basicPublish(exchange, "", props, bytes);
      return null;
    });
  }

  /** Delivers every message published from now on to {@code handler}, on the owning context. */
  public void subscribe(Handler<Buffer> handler) {
    ChannelSetup.keepOpen(vertx, context, broker.consuming(), "subscription to " + exchange, () -> closed, raw -> {
      raw.exchangeDeclare(exchange, "fanout", true);
      String queue = raw.queueDeclare().getQueue();
      raw.queueBind(queue, exchange, "");
      raw.basicConsume(queue, true, new DefaultConsumer(raw) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
          context.runOnContext(v -> {
            try {
              handler.handle(Buffer.buffer(body));
            } catch (RuntimeException e) {
              LOG.warn("A broadcast on {} could not be handled: {}", exchange, e.getMessage());
            }
          });
        }
      });
      return null;
    }, ch -> subscribed = ch);
  }

  public Future<Void> close() {
    closed = true;
    AmqpChannel pub = publishing;
    AmqpChannel sub = subscribed;
    return Future.join(pub == null ? Future.succeededFuture() : pub.close(),
        sub == null ? Future.succeededFuture() : sub.close()).mapEmpty();
  }
}
