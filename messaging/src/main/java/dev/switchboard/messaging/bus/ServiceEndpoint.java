package dev.switchboard.messaging.bus;

import dev.switchboard.contract.ServiceFailures;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.platform.FailureClass;

import dev.switchboard.contract.ApiServer;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.ServiceFailureCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Each endpoint also listens on an address of its own, in this process only ({@link Local}): a bridge
 * that runs on the endpoint's event loop (the RabbitMQ request bridge) calls it there, so a request it
 * forwards is served on the thread that received it instead of hopping between event loops.
 */
public final class ServiceEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
  private static final Logger CALLS = LoggerFactory.getLogger("dev.switchboard.calls");
  /** The registered endpoints of each service, per Vert.x instance, in registration order. */
  private static final Map<Vertx, Map<Service, Registered>> REGISTERED = new IdentityHashMap<>();

  /** An endpoint instance as seen from its process: its event-loop context and its own local address. */
  public record Local(Context context, String address) {
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
  private Local local;
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

  /** Registers the consumer; the future completes once the registration reached the cluster. */
  public Future<ServiceEndpoint> register() {
    ServiceFailureCodec.install(vertx);
    consumer = vertx.eventBus().consumer(service.address(), this::handle);
    local = new Local(vertx.getOrCreateContext(), service.address() + ".instance." + UUID.randomUUID());
    instanceConsumer = vertx.eventBus().localConsumer(local.address(), this::handle);
    return Future.all(consumer.completion(), instanceConsumer.completion()).map(v -> {
      synchronized (REGISTERED) {
        REGISTERED.computeIfAbsent(vertx, k -> new LinkedHashMap<>()).computeIfAbsent(service, k -> new Registered())
            .endpoints.add(local);
      }
      return this;
    });
  }

  /**
   * One of the endpoints of {@code service} registered in this process, taking turns so that N callers
   * asking spread over N endpoints; empty when none is.
   */
  public static Optional<Local> nextLocal(Vertx vertx, Service service) {
    synchronized (REGISTERED) {
      Registered registered = REGISTERED.getOrDefault(vertx, Map.of()).get(service);
      if (registered == null || registered.endpoints.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(registered.endpoints.get(registered.turn++ % registered.endpoints.size()));
    }
  }

  private void forget() {
    synchronized (REGISTERED) {
      Map<Service, Registered> services = REGISTERED.get(vertx);
      if (services != null && services.containsKey(service)) {
        services.get(service).endpoints.remove(local);
        if (services.get(service).endpoints.isEmpty()) {
          services.remove(service);
        }
        if (services.isEmpty()) {
          REGISTERED.remove(vertx);
        }
      }
    }
  }

  /**
   * Stops taking calls (the consumer is unregistered, so new calls go to other instances or fail with
   * 503) and waits, at most {@code grace}, for the calls in hand to be answered.
   */
  public Future<Void> close(Duration grace) {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    if (inFlight == 0) {
      drained.tryComplete();
    }
    long timer = vertx.setTimer(Math.max(1, grace.toMillis()), t -> drained.tryComplete());
    forget();
    return Future.join(consumer.unregister(), instanceConsumer.unregister()).transform(ar -> drained.future())
        .onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void handle(Message<Object> message) {
    String action = message.headers().get(Headers.ACTION);
    RequestContext.set(message.headers().get(Headers.REQUEST_ID));
    RequestContext.setCallId(message.headers().get(Headers.CALL_ID));
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

  private static final class Registered {
    private final List<Local> endpoints = new ArrayList<>();
    private int turn;
  }
}
