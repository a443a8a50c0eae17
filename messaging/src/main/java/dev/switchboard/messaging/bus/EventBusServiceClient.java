package dev.switchboard.messaging.bus;

import dev.switchboard.contract.ServiceClient;

import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Principal;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Calls a service over the event bus: in this JVM or, when Vert.x is clustered, on another node. */
public final class EventBusServiceClient implements ServiceClient {
  private final Vertx vertx;
  private final Service service;
  private final long timeoutMs;

  public EventBusServiceClient(Vertx vertx, Service service, Duration timeout) {
    this.vertx = vertx;
    this.service = service;
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Future<JsonObject> request(String action, JsonObject body, String traceId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Headers.ACTION, action);
    if (traceId != null) {
      options.addHeader(Headers.REQUEST_ID, traceId);
    }
    Principal principal = RequestContext.principal();
    if (principal != null) {
      options.addHeader(Headers.SUBJECT, principal.subject()).addHeader(Headers.ROLES, principal.rolesHeader());
    }
    return vertx.eventBus().<JsonObject>request(service.address(), body, options).map(Message::body);
  }
}
