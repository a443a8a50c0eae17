package dev.switchboard.messaging.bus;

import dev.switchboard.contract.ServiceFailures;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.platform.FailureClass;

import dev.switchboard.contract.ApiServer;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.messaging.rabbit.RpcBridge;
import dev.switchboard.platform.ops.Health;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Principal;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a service's event-bus API: one consumer on the service address, dispatching on the
 * {@link Headers#ACTION} header to business handlers that take and return JSON. A handler fails with
 * {@link ServiceFailure} for anything a client caused; anything else is logged here and answered as a
 * 500 whose message reveals nothing. Each call is logged on {@code dev.switchboard.calls} with its
 * outcome, under the caller's request id.
 *
 * <p>Each endpoint also listens on an address of its own, in this process only: a bridge
 * that runs on the endpoint's event loop (the RabbitMQ request bridge) calls it there, so a request it
 * forwards is served on the thread that received it instead of hopping between event loops.
 */
public final class ServiceEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
  private static final Logger CALLS = LoggerFactory.getLogger("dev.switchboard.calls");
  /**
   * What an endpoint whose service is reached over RabbitMQ needs to serve its request queue: the bridge
   * runs on the endpoint's own event loop and forwards to the endpoint alone, so a request is received,
   * served and answered on one thread.
   */
  public record Bridge(Broker broker, String queue, int prefetch, Duration timeout, Health health) {
  }

  /**
   * A business handler that also takes the call's id ({@link Headers#CALL_ID}: set by the RabbitMQ bridge,
   * the same for every delivery of one request; null over the event bus), to answer a redelivered
   * non-idempotent call with its first answer.
   */
  @FunctionalInterface
  public interface CallHandler {
    Future<JsonObject> handle(JsonObject body, String callId);
  }

  private final Vertx vertx;
  private final Service service;
  private final Map<String, CallHandler> actions = new LinkedHashMap<>();
  private MessageConsumer<Object> consumer;
  private MessageConsumer<Object> instanceConsumer;
  private String localAddress;
  private Bridge bridgeSpec;
  private RpcBridge bridge;
  private int inFlight;
  private Promise<Void> drained;

  private ServiceEndpoint(Vertx vertx, Service service) {
    this.vertx = vertx;
    this.service = service;
  }

  public static ServiceEndpoint of(Vertx vertx, Service service) {
    return new ServiceEndpoint(vertx, service);
  }

  public ServiceEndpoint action(String name, Function<JsonObject, Future<JsonObject>> handler) {
    actions.put(name, (body, callId) -> handler.apply(body));
    return this;
  }

  /** Serves every action of a typed API ({@code UserApi.server(…)}, say). */
  public ServiceEndpoint serve(Map<String, ApiServer.Action> api) {
    api.forEach((name, action) -> actions.put(name, (body, callId) -> action.handle(body)));
    return this;
  }

  /** An action whose handler needs the call's id (a non-idempotent one). */
  public ServiceEndpoint callAction(String name, CallHandler handler) {
    actions.put(name, handler);
    return this;
  }

  /** Also serves the service's RabbitMQ request queue, once registered (see {@link Bridge}). */
  public ServiceEndpoint bridgedFrom(Bridge spec) {
    this.bridgeSpec = spec;
    return this;
  }

  /**
   * Registers the consumer (call from the owning verticle's start); the future completes once the
   * registration reached the cluster and, for a bridged endpoint, its bridge is consuming in the background.
   */
  public Future<ServiceEndpoint> register() {
    consumer = vertx.eventBus().consumer(service.address(), this::handle);
    localAddress = service.address() + ".instance." + UUID.randomUUID();
    instanceConsumer = vertx.eventBus().localConsumer(localAddress, this::handle);
    return Future.all(consumer.completion(), instanceConsumer.completion()).map(v -> {
      if (bridgeSpec != null) {
        bridge = RpcBridge.startBeside(vertx, bridgeSpec.broker(), service, localAddress, bridgeSpec.queue(),
            bridgeSpec.prefetch(), bridgeSpec.timeout());
        bridgeSpec.health().addToCheck("rpc " + bridgeSpec.queue(), bridge::isServing);
      }
      return this;
    });
  }

  /**
   * Stops taking calls (the consumer is unregistered, so new calls go to other instances or fail with
   * 503) and waits, at most {@code grace}, for the calls in hand to be answered.
   */
  public Future<Void> close(Duration grace) {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    // the bridge first: it stops taking requests from the queue and answers the ones it forwarded
    Future<Void> bridged = bridge == null ? Future.succeededFuture() : bridge.stop(grace);
    return bridged.eventually(() -> closeConsumers(grace));
  }

  private Future<Void> closeConsumers(Duration grace) {
    drained = Promise.promise();
    if (inFlight == 0) {
      drained.tryComplete();
    }
    long timer = vertx.setTimer(Math.max(1, grace.toMillis()), t -> drained.tryComplete());
    return Future.join(consumer.unregister(), instanceConsumer.unregister()).transform(ar -> drained.future())
        .onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void handle(Message<Object> message) {
    String action = message.headers().get(Headers.ACTION);
    RequestContext.setTraceId(message.headers().get(Headers.REQUEST_ID));
    RequestContext.setCallId(message.headers().get(Headers.CALL_ID));
    RequestContext.setPrincipal(Principal.fromHeaders(message.headers().get(Headers.SUBJECT),
        message.headers().get(Headers.ROLES)));
    long start = System.nanoTime();
    CallHandler handler = action == null ? null : actions.get(action);
    Future<JsonObject> result;
    if (handler == null) {
      result = Future.failedFuture(ServiceFailure.badRequest("Unknown action '" + action + "' for service "
          + service.serviceName() + "; known actions: " + String.join(", ", actions.keySet())));
    } else if (!(message.body() instanceof JsonObject body)) {
      result = Future.failedFuture(ServiceFailure.badRequest("The request body must be a JSON object"));
    } else {
      try {
        result = handler.handle(body, message.headers().get(Headers.CALL_ID));
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
    }
    inFlight++;
    result.onComplete(ar -> {
      int status;
      if (ar.succeeded()) {
        status = 200;
        message.reply(ar.result());
      } else {
        ServiceFailure failure = clientSafe(ar.cause(), action);
        status = failure.status();
        message.reply(failure);
      }
      CALLS.info("{} {} -> {} in {} ms", service.serviceName(), action, status, (System.nanoTime() - start) / 1_000_000);
      if (--inFlight == 0 && drained != null) {
        drained.tryComplete();
      }
    });
  }

  private ServiceFailure clientSafe(Throwable cause, String action) {
    if (cause instanceof ServiceFailure failure) {
      if (failure.status() >= 500) {
        LOG.warn("{} {} failed with {}: {}", service.serviceName(), action, failure.status(), failure.detail());
      }
      return failure;
    }
    if (cause instanceof ReplyException reply) {
      // a failure of a call this service made to another one: pass its meaning on
      return ServiceFailures.fromReply(reply);
    }
    if (FailureClass.of(cause) == FailureClass.TRANSIENT) {
      // a dependency that is away or too slow: the caller may try again
      LOG.warn("{} {} failed: {} ({})", service.serviceName(), action, cause.getClass().getSimpleName(),
          cause.getMessage());
      return ServiceFailure.unavailable("A dependency of the " + service.serviceName() + " service is not available");
    }
    LOG.error("{} {} failed unexpectedly", service.serviceName(), action, cause);
    return new ServiceFailure(500, "Internal error");
  }
}
