package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Principal;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over RabbitMQ, the calling side (see {@code docs/rabbitmq-rpc.md}): each request goes to a
 * service's queue with a fresh, unguessable {@code correlation_id} (128 random bits, also its
 * {@code message_id}, which the service remembers to answer a redelivery without repeating the work),
 * {@code reply_to} set to RabbitMQ's direct reply-to (the reply comes straight back to the channel that
 * published, no reply queue in between), the action in {@code type}, and its
 * deadline ({@code expiration} and the {@link Headers#DEADLINE} header); the reply with the same
 * correlation id completes the waiting future. A reply whose id matches no waiting call (late, or forged by
 * whoever can publish on the vhost) is dropped and counted, never served. No reply within the timeout fails
 * the call with {@code TIMEOUT}; a broker that is not reachable or blocks publishes, a queue that does not
 * exist, or the connection dropping while calls wait, fails them at once with 503. Requests go out and
 * replies come back on one channel of the process's publishing connection. Owned by one verticle (one
 * event loop).
 */
public final class RpcClient {
  private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

  private final Vertx vertx;
  private final Context context;
  private final Broker broker;
  private final long timeoutMs;
  /** RabbitMQ's direct reply-to pseudo-queue: the broker names each request's {@code reply_to} after it. */
  static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
  /** Calls awaiting their reply, by correlation id; touched only on the owning event loop. */
  private final Map<String, Pending> pending = new HashMap<>();
  /** Per client, so that no call waits on a lock another client's thread holds. */
  private final SecureRandom random = drbg();
  private final byte[] idBytes = new byte[16];
  private final Counter dropped = Counter.builder("switchboard.rpc.replies.dropped")
      .description("Replies that matched no waiting call (late, or not for this client)").register(Metrics.registry());
  private volatile AmqpChannel channel;
  private volatile boolean closed;

  private RpcClient(Vertx vertx, Broker broker, Duration timeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.broker = broker;
    this.timeoutMs = timeout.toMillis();
    // One channel for both ways: RabbitMQ's direct reply-to sends a reply straight to the channel that
    // published the request and consumes amq.rabbitmq.reply-to, with no reply queue to declare, fill and
    // empty. It is on the publishing connection; a reply needs no ack, so a broker that blocks this
    // connection's publishes still delivers the replies of the calls already made.
    ChannelSetup.keepOpen(vertx, context, broker.publishing(), "RPC requests and replies", () -> closed, raw -> {
      raw.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(raw) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
          context.runOnContext(v -> replied(props, body));
        }
      });
      raw.addReturnListener(r -> context.runOnContext(v -> unroutable(r.getProperties().getCorrelationId(),
          r.getRoutingKey())));
      raw.addShutdownListener(signal -> {
        if (!signal.isInitiatedByApplication()) {
          context.runOnContext(v -> failAll("The connection to the message broker was lost"));
        }
      });
      return null;
    }, ch -> {
      channel = ch;
      if (closed) {
        ch.close();
      }
    });
  }

  /** Starts the client; call from the owning verticle's context. */
  public static RpcClient start(Vertx vertx, Broker broker, Duration timeout) {
    return new RpcClient(vertx, broker, timeout);
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  public boolean isReady() {
    AmqpChannel ch = channel;
    return !closed && ch != null && ch.isOpen() && broker.publishing().blocked() == null;
  }

  /** Calls {@code action} on the service consuming {@code queue}; call on the owning event loop. */
  public Future<JsonObject> request(String queue, String action, JsonObject body, String requestId) {
    AmqpChannel out = channel;
    if (closed || out == null || !out.isOpen()) {
      return Future.failedFuture(ServiceFailure.unavailable("The message broker is not reachable"));
    }
    String blocked = broker.publishing().blocked();
    if (blocked != null) {
      return Future.failedFuture(ServiceFailure.unavailable("The message broker refuses messages now (" + blocked + ")"));
    }
    String correlationId = newCorrelationId();
    Promise<JsonObject> promise = RequestContext.promise();
    long timer = vertx.setTimer(timeoutMs, t -> {
      Pending p = pending.remove(correlationId);
      if (p != null) {
        p.promise.tryFail(new ReplyException(ReplyFailure.TIMEOUT, "No reply from queue " + queue + " within "
            + timeoutMs + " ms"));
      }
    });
    pending.put(correlationId, new Pending(promise, timer));
    Map<String, Object> headers = new HashMap<>(4);
    headers.put(Headers.DEADLINE, System.currentTimeMillis() + timeoutMs);
    if (requestId != null) {
      headers.put(Headers.REQUEST_ID, requestId);
    }
    Principal principal = RequestContext.principal();
    if (principal != null) {
      headers.put(Headers.SUBJECT, principal.subject());
      headers.put(Headers.ROLES, principal.rolesHeader());
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(correlationId)
        .messageId(correlationId)
        .replyTo(DIRECT_REPLY_TO)
        .type(action)
        .contentType("application/json")
        .deliveryMode(1)
        // a request nobody took before the caller gave up is not worth doing any more: the broker drops it
        .expiration(Long.toString(timeoutMs))
        .headers(headers)
        .build();
    byte[] bytes = body.toBuffer().getBytes();
    out.now(raw -> {
      raw.basicPublish("", queue, true, props, bytes);
      return null;
    }).onFailure(e -> fail(correlationId, ServiceFailure.unavailable("The message broker is not reachable")));
    return promise.future();
  }

  /** 128 random bits, hex: unguessable, so that nobody else can answer for the service. */
  private String newCorrelationId() {
    random.nextBytes(idBytes);
    return HexFormat.of().formatHex(idBytes);
  }

  private void replied(AMQP.BasicProperties props, byte[] body) {
    Pending p = props.getCorrelationId() == null ? null : pending.remove(props.getCorrelationId());
    if (p == null) {
      dropped.increment();
      LOG.debug("Reply {} matches no waiting call (late, or not for this client); dropped", props.getCorrelationId());
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

  private void failAll(String reason) {
    for (String id : pending.keySet().toArray(new String[0])) {
      fail(id, ServiceFailure.unavailable(reason));
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
    failAll("The gateway is shutting down");
    AmqpChannel ch = channel;
    return ch == null ? Future.succeededFuture() : ch.close();
  }

  private record Pending(Promise<JsonObject> promise, long timer) {
  }
}
