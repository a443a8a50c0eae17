package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.AMQP;
import dev.switchboard.shared.bus.ServiceEndpoint;
import dev.switchboard.shared.bus.ServiceFailures;
import dev.switchboard.shared.contract.Headers;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.contract.ServiceFailure;
import dev.switchboard.shared.rabbit.QueueConsumer.Disposition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over RabbitMQ, the serving side: consumes a service's request queue (manual ack, bounded
 * prefetch; several instances compete for it), forwards each request to the service's event-bus address
 * with the action from {@code type}, publishes the reply to {@code reply_to} with the same
 * {@code correlation_id} and a {@code status} header (the HTTP status the result means), then acks.
 * A request without {@code reply_to} cannot be answered and is dead-lettered; one whose body is not a JSON
 * object is answered 400. Business code never sees any of this.
 */
public final class RpcBridge {
  private static final Logger LOG = LoggerFactory.getLogger(RpcBridge.class);

  private final Vertx vertx;
  private final String address;
  private final long timeoutMs;
  private final QueueConsumer consumer;
  private volatile AmqpChannel replies;
  private volatile boolean closed;

  private RpcBridge(Vertx vertx, RabbitConnection rabbit, String address, String queue, int prefetch, Duration timeout) {
    this.vertx = vertx;
    this.address = address;
    this.timeoutMs = timeout.toMillis();
    Context context = vertx.getOrCreateContext();
    ChannelSetup.open(vertx, context, rabbit, "replies of " + queue, () -> closed, raw -> null)
        .onSuccess(ch -> replies = ch);
    this.consumer = QueueConsumer.start(vertx, rabbit, queue, prefetch, this::handle);
  }

  /**
   * Starts bridging {@code queue} to {@code service}'s event-bus address; requests are received and
   * answered on the calling context, which owns the bridge.
   */
  public static RpcBridge start(Vertx vertx, RabbitConnection rabbit, Service service, String queue, int prefetch,
                                Duration timeout) {
    return new RpcBridge(vertx, rabbit, service.address(), queue, prefetch, timeout);
  }

  /**
   * Starts bridging {@code queue} to one endpoint of the service in this process, by its own address; call
   * on that endpoint's context, so that a request is served on the event loop that received it.
   */
  public static RpcBridge startBeside(Vertx vertx, RabbitConnection rabbit, ServiceEndpoint.Local endpoint,
                                      String queue, int prefetch, Duration timeout) {
    return new RpcBridge(vertx, rabbit, endpoint.address(), queue, prefetch, timeout);
  }

  public boolean isConsuming() {
    return consumer.isConsuming();
  }

  private Future<Disposition> handle(InboundMessage request) {
    if (request.replyTo() == null || request.replyTo().isBlank()) {
      LOG.warn("Request {} on {} has no reply_to; dead-lettering it", request.messageId(), consumer.queue());
      return Future.succeededFuture(Disposition.DEAD_LETTER);
    }
    JsonObject body;
    try {
      body = request.body().length() == 0 ? new JsonObject() : new JsonObject(request.body());
    } catch (DecodeException | ClassCastException e) {
      return reply(request, 400, ServiceFailure.badRequest("The request body must be a JSON object").toJson());
    }
    if (request.type() == null || request.type().isBlank()) {
      return reply(request, 400, ServiceFailure.badRequest("The message type (the action) is required").toJson());
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Headers.ACTION, request.type());
    String requestId = request.header(Headers.REQUEST_ID);
    if (requestId != null) {
      options.addHeader(Headers.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options)
        .transform(ar -> {
          if (ar.succeeded()) {
            Object result = ar.result().body();
            return reply(request, 200, result instanceof JsonObject json ? json : new JsonObject());
          }
          ServiceFailure failure = ar.cause() instanceof ReplyException reply ? ServiceFailures.fromReply(reply)
              : new ServiceFailure(500, "Internal error");
          return reply(request, failure.status(), failure.toJson());
        });
  }

  /** Publishes the reply; the request is acknowledged whatever happens to it (the work is done). */
  private Future<Disposition> reply(InboundMessage request, int status, JsonObject body) {
    AmqpChannel ch = replies;
    if (ch == null) {
      return Future.failedFuture(new IllegalStateException("reply channel not open yet"));
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
      return Future.succeededFuture(Disposition.ACK);
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
