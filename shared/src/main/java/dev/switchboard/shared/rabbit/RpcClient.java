package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.switchboard.shared.bus.RequestContext;
import dev.switchboard.shared.contract.Headers;
import dev.switchboard.shared.contract.ServiceFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over RabbitMQ, the calling side (see {@code docs/rabbitmq-rpc.md}): each request goes to a
 * service's queue with a fresh {@code correlation_id}, {@code reply_to} set to this client's own exclusive
 * reply queue, the action in {@code type}; the reply with the same correlation id completes the waiting
 * future. No reply within the timeout fails it with {@code TIMEOUT}; a broker that is not reachable, or
 * a queue that does not exist, fails it at once with 503. Owned by one verticle (one event loop).
 */
public final class RpcClient {
  private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

  private final Vertx vertx;
  private final Context context;
  private final long timeoutMs;
  private final String replyQueue = "switchboard.reply." + UUID.randomUUID();
  /** Calls awaiting their reply, by correlation id; touched only on the owning event loop. */
  private final Map<String, Pending> pending = new HashMap<>();
  /** Correlation ids need only be unique on this client's own reply queue: a counter, touched on the loop. */
  private long lastCorrelationId;
  private volatile AmqpChannel channel;
  private volatile boolean closed;

  private RpcClient(Vertx vertx, RabbitConnection rabbit, Duration timeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.timeoutMs = timeout.toMillis();
    ChannelSetup.keepOpen(vertx, context, rabbit, "RPC reply queue " + replyQueue, () -> closed, raw -> {
      raw.queueDeclare(replyQueue, false, true, true, null);
      raw.basicConsume(replyQueue, true, new DefaultConsumer(raw) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
          context.runOnContext(v -> replied(props, body));
        }
      });
      raw.addReturnListener(r -> context.runOnContext(v -> unroutable(r.getProperties().getCorrelationId(),
          r.getRoutingKey())));
      return null;
    }, ch -> {
      channel = ch;
      if (closed) {
        ch.close();
      }
    });
  }

  /** Starts the client; call from the owning verticle's context. */
  public static RpcClient start(Vertx vertx, RabbitConnection rabbit, Duration timeout) {
    return new RpcClient(vertx, rabbit, timeout);
  }

  public boolean isReady() {
    AmqpChannel ch = channel;
    return !closed && ch != null && ch.isOpen();
  }

  /** Calls {@code action} on the service consuming {@code queue}; call on the owning event loop. */
  public Future<JsonObject> request(String queue, String action, JsonObject body, String requestId) {
    AmqpChannel ch = channel;
    if (closed || ch == null || !ch.isOpen()) {
      return Future.failedFuture(ServiceFailure.unavailable("The message broker is not reachable"));
    }
    String correlationId = Long.toString(++lastCorrelationId);
    Promise<JsonObject> promise = RequestContext.promise();
    long timer = vertx.setTimer(timeoutMs, t -> {
      Pending p = pending.remove(correlationId);
      if (p != null) {
        p.promise.tryFail(new ReplyException(ReplyFailure.TIMEOUT, "No reply from queue " + queue + " within "
            + timeoutMs + " ms"));
      }
    });
    pending.put(correlationId, new Pending(promise, timer));
    Map<String, Object> headers = requestId == null ? Map.of() : Map.of(Headers.REQUEST_ID, requestId);
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(correlationId)
        .replyTo(replyQueue)
        .type(action)
        .contentType("application/json")
        .deliveryMode(1)
        // a request nobody took before the caller gave up is not worth doing any more
        .expiration(Long.toString(timeoutMs))
        .headers(headers)
        .build();
    byte[] bytes = body.toBuffer().getBytes();
    ch.now(raw -> {
      raw.basicPublish("", queue, true, props, bytes);
      return null;
    }).onFailure(e -> fail(correlationId, ServiceFailure.unavailable("The message broker is not reachable")));
    return promise.future();
  }

  private void replied(AMQP.BasicProperties props, byte[] body) {
    Pending p = props.getCorrelationId() == null ? null : pending.remove(props.getCorrelationId());
    if (p == null) {
      LOG.debug("Reply {} matches no waiting call (it came after the timeout)", props.getCorrelationId());
      return;
    }
    vertx.cancelTimer(p.timer);
    int status = status(props);
    JsonObject json;
    try {
      json = body.length == 0 ? new JsonObject() : new JsonObject(Buffer.buffer(body));
    } catch (DecodeException | ClassCastException e) {
      p.promise.tryFail(new ServiceFailure(502, "The service answered with a body that is not a JSON object"));
      return;
    }
    if (status < 400) {
      p.promise.tryComplete(json);
    } else {
      p.promise.tryFail(new ServiceFailure(status, json.getString("detail", "Request failed"),
          json.getJsonArray("errors")));
    }
  }

  private void unroutable(String correlationId, String queue) {
    fail(correlationId, ServiceFailure.unavailable("No queue " + queue + " on the broker: the service is not available"));
  }

  private void fail(String correlationId, ServiceFailure failure) {
    Pending p = correlationId == null ? null : pending.remove(correlationId);
    if (p != null) {
      vertx.cancelTimer(p.timer);
      p.promise.tryFail(failure);
    }
  }

  private static int status(AMQP.BasicProperties props) {
    Object status = props.getHeaders() == null ? null : props.getHeaders().get(Headers.STATUS);
    if (status instanceof Number n) {
      return n.intValue();
    }
    try {
      return status == null ? 200 : Integer.parseInt(status.toString());
    } catch (NumberFormatException e) {
      return 502;
    }
  }

  public Future<Void> close() {
    closed = true;
    for (String id : pending.keySet().toArray(new String[0])) {
      fail(id, ServiceFailure.unavailable("The gateway is shutting down"));
    }
    AmqpChannel ch = channel;
    return ch == null ? Future.succeededFuture() : ch.close();
  }

  private record Pending(Promise<JsonObject> promise, long timer) {
  }
}
