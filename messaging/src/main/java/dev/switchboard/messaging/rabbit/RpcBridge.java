package dev.switchboard.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.FailureClass;
import dev.switchboard.contract.ServiceFailures;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.JsonInput;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.platform.ops.Metrics;
import dev.switchboard.messaging.queue.Outcome;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over RabbitMQ, the serving side: consumes a service's request queue (manual ack, bounded
 * prefetch; several instances compete for it), forwards each request to the service's event-bus address
 * with the action from {@code type} (the service's {@link Service#defaultAction} when there is none, as the
 * source system's gateway sends its creates) and the call's id ({@link Headers#CALL_ID}: its
 * {@code message_id}, or its correlation id and reply queue), publishes the reply to {@code reply_to} with
 * the same {@code correlation_id} and a {@code status} header, then acks. A request whose deadline
 * ({@link Headers#DEADLINE}) has passed is dropped without running, as is one without {@code reply_to}
 * (nobody could read the answer); both are counted, and nothing of them is kept. Business code never sees
 * any of this.
 */
public final class RpcBridge {
  private static final Logger LOG = LoggerFactory.getLogger(RpcBridge.class);

  private final Vertx vertx;
  private final String address;
  private final String defaultAction;
  private final long timeoutMs;
  private final QueueConsumer consumer;
  private final Counter expired;
  private final Counter unanswerable;
  private volatile AmqpChannel replies;
  private volatile boolean closed;

  private RpcBridge(Vertx vertx, Broker broker, Service service, String address, String queue, int prefetch,
                    Duration timeout) {
    this.vertx = vertx;
    this.address = address;
    this.defaultAction = service.defaultAction();
    this.timeoutMs = timeout.toMillis();
    this.expired = Counter.builder("switchboard.rpc.requests.dropped").tag("queue", queue).tag("reason", "expired")
        .register(Metrics.registry());
    this.unanswerable = Counter.builder("switchboard.rpc.requests.dropped").tag("queue", queue)
        .tag("reason", "no_reply_to").register(Metrics.registry());
    Context context = vertx.getOrCreateContext();
    ChannelSetup.keepOpen(vertx, context, broker.publishing(), "replies of " + queue, () -> closed, raw -> null,
        ch -> replies = ch);
    // a call's caller retries by itself: every request is answered or dropped, never retried here
    this.consumer = QueueConsumer.start(vertx, broker, List.of(QueueSpec.requests(queue)),
        new QueueConsumer.Settings(prefetch, 1, new Backoff(1, 1), timeout.plusSeconds(1), false), this::handle, null);
  }

  /**
   * Starts bridging {@code queue} to {@code service}'s event-bus address; requests are received and
   * answered on the calling context, which owns the bridge.
   */
  public static RpcBridge start(Vertx vertx, Broker broker, Service service, String queue, int prefetch,
                                Duration timeout) {
    return new RpcBridge(vertx, broker, service, service.address(), queue, prefetch, timeout);
  }

  /**
   * Starts bridging {@code queue} to one endpoint of the service in this process, by its own address; call
   * on that endpoint's context, so that a request is served on the event loop that received it.
   */
  public static RpcBridge startBeside(Vertx vertx, Broker broker, Service service, String endpointAddress,
                                      String queue, int prefetch, Duration timeout) {
    return new RpcBridge(vertx, broker, service, endpointAddress, queue, prefetch, timeout);
  }

  /** Consuming its queue, with a channel to answer on. */
  public boolean isServing() {
    AmqpChannel ch = replies;
    return consumer.isConsuming() && ch != null && ch.isOpen();
  }

  private Future<Outcome> handle(InboundMessage request) {
    if (request.replyTo() == null || request.replyTo().isBlank()) {
      unanswerable.increment();
      LOG.warn("Request {} on {} has no reply_to: nobody can read its answer; dropped", request.messageId(),
          consumer.queue());
      return Future.succeededFuture(Outcome.done());
    }
    Long deadline = deadline(request);
    if (deadline != null && System.currentTimeMillis() > deadline) {
      expired.increment();
      LOG.info("Request {} on {} arrived after its caller gave up; dropped without running", request.correlationId(),
          consumer.queue());
      return Future.succeededFuture(Outcome.done());
    }
    JsonObject body;
    try {
      body = request.body().length() == 0 ? new JsonObject() : JsonInput.object(request.body());
    } catch (JsonInput.Invalid e) {
      return reply(request, 400, ServiceFailure.badRequest(e.getMessage()).toJson());
    }
    String action = request.type() == null || request.type().isBlank() ? defaultAction : request.type();
    if (action == null) {
      return reply(request, 400, ServiceFailure.badRequest("The message type (the action) is required").toJson());
    }
    long remaining = deadline == null ? timeoutMs : Math.max(1, Math.min(timeoutMs, deadline - System.currentTimeMillis()));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(remaining).addHeader(Headers.ACTION, action)
        .addHeader(Headers.CALL_ID, callId(request));
    String requestId = request.header(Headers.REQUEST_ID);
    if (requestId != null) {
      options.addHeader(Headers.REQUEST_ID, requestId);
    }
    for (String name : new String[] {Headers.SUBJECT, Headers.ROLES}) {
      String value = request.header(name);
      if (value != null) {
        options.addHeader(name, value);
      }
    }
    return vertx.eventBus().<JsonObject>request(address, body, options)
        .transform(ar -> {
          if (ar.succeeded()) {
            Object result = ar.result().body();
            return reply(request, 200, result instanceof JsonObject json ? json : new JsonObject());
          }
          ServiceFailure failure = ar.cause() instanceof ReplyException reply ? ServiceFailures.fromReply(reply)
              : FailureClass.of(ar.cause()) == FailureClass.TRANSIENT
                  ? ServiceFailure.unavailable("The service is not available")
                  : new ServiceFailure(500, "Internal error");
          return reply(request, failure.status(), failure.toJson());
        });
  }

  private static Long deadline(InboundMessage request) {
    String raw = request.header(Headers.DEADLINE);
    if (raw == null) {
      return null;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The call's id, the same for every delivery of one request: its {@code message_id}, or (a client that
   * sets none, such as the source system's gateway) a digest of its correlation id and reply queue.
   */
  static String callId(InboundMessage request) {
    if (request.messageId() != null && !request.messageId().isBlank() && request.messageId().length() <= 128) {
      return request.messageId();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((request.correlationId() + "@" + request.replyTo())
          .getBytes(StandardCharsets.UTF_8));
      return "cr-" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes the reply; the request is acknowledged whatever happens to it (the work is done). */
  private Future<Outcome> reply(InboundMessage request, int status, JsonObject body) {
    AmqpChannel ch = replies;
    if (ch == null || !ch.isOpen()) {
      LOG.warn("Reply to {} for request {} not sent: no channel to the broker", request.replyTo(),
          request.correlationId());
      return Future.succeededFuture(Outcome.done());
    }
    Map<String, Object> headers = new HashMap<>();
    headers.put(Headers.STATUS, status);
    String requestId = request.header(Headers.REQUEST_ID);
    if (requestId != null) {
      headers.put(Headers.REQUEST_ID, requestId);
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(request.correlationId())
        .contentType("application/json")
        .deliveryMode(1)
        .headers(headers)
        .build();
    byte[] bytes = body.toBuffer().getBytes();
    return ch.now(raw -> {
      raw.basicPublish("", request.replyTo(), props, bytes);
      return null;
    }).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("Reply to {} for request {} not sent: {}", request.replyTo(), request.correlationId(),
            ar.cause().getMessage());
      }
      return Future.succeededFuture(Outcome.done());
    });
  }

  /** Stops consuming; requests in hand finish (at most {@code grace}), the rest return to the queue. */
  public Future<Void> stop(Duration grace) {
    closed = true;
    return consumer.stop(grace).eventually(() -> {
      AmqpChannel ch = replies;
      return ch == null ? Future.succeededFuture() : ch.close();
    });
  }
}
