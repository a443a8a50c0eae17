package dev.switchboard.shared.bus;

import dev.switchboard.shared.contract.Headers;
import dev.switchboard.shared.contract.Service;
import dev.switchboard.shared.contract.ServiceFailure;
import dev.switchboard.shared.contract.ServiceFailureCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a service's event-bus API: one consumer on the service address, dispatching on the
 * {@link Headers#ACTION} header to business handlers that take and return JSON. A handler fails with
 * {@link ServiceFailure} for anything a client caused; anything else is logged here and answered as a
 * 500 whose message reveals nothing.
 */
public final class ServiceEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);

  private final Vertx vertx;
  private final Service service;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> actions = new LinkedHashMap<>();

  private ServiceEndpoint(Vertx vertx, Service service) {
    this.vertx = vertx;
    this.service = service;
  }

  public static ServiceEndpoint of(Vertx vertx, Service service) {
    return new ServiceEndpoint(vertx, service);
  }

  public ServiceEndpoint action(String name, Function<JsonObject, Future<JsonObject>> handler) {
    actions.put(name, handler);
    return this;
  }

  /** Registers the consumer; the future completes once the registration reached the cluster. */
  public Future<MessageConsumer<Object>> register() {
    ServiceFailureCodec.install(vertx);
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(service.address(), this::handle);
    return consumer.completion().map(consumer);
  }

  private void handle(Message<Object> message) {
    String action = message.headers().get(Headers.ACTION);
    String requestId = message.headers().get(Headers.REQUEST_ID);
    RequestContext.set(requestId);
    Function<JsonObject, Future<JsonObject>> handler = action == null ? null : actions.get(action);
    if (handler == null) {
      message.reply(ServiceFailure.badRequest("Unknown action '" + action + "' for service " + service.serviceName()
          + "; known actions: " + String.join(", ", actions.keySet())));
      return;
    }
    if (!(message.body() instanceof JsonObject)) {
      message.reply(ServiceFailure.badRequest("The request body must be a JSON object"));
      return;
    }
    Future<JsonObject> result;
    try {
      result = handler.apply((JsonObject) message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        message.reply(clientSafe(ar.cause(), action, requestId));
      }
    });
  }

  private ReplyException clientSafe(Throwable cause, String action, String requestId) {
    if (cause instanceof ServiceFailure failure) {
      if (failure.status() >= 500) {
        LOG.warn("{} {} failed with {}: {} (request {})", service.serviceName(), action, failure.status(),
            failure.detail(), requestId);
      }
      return failure;
    }
    if (cause instanceof ReplyException reply) {
      // a failure of a call this service made to another one: pass its meaning on
      return ServiceFailures.fromReply(reply);
    }
    LOG.error("{} {} failed unexpectedly (request {})", service.serviceName(), action, requestId, cause);
    return new ServiceFailure(500, "Internal error");
  }
}
