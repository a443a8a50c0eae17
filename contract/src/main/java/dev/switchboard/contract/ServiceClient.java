package dev.switchboard.contract;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How the gateway calls a service, whatever carries the call (event bus or RabbitMQ request/reply).
 * The future fails with a {@link io.vertx.core.eventbus.ReplyException}: {@code NO_HANDLERS} when no
 * instance serves the service, {@code TIMEOUT} when none answered in time, and otherwise the
 * service's {@link dev.switchboard.contract.ServiceFailure} whose code is the HTTP status it means.
 */
public interface ServiceClient {

  Future<JsonObject> request(String action, JsonObject body, String traceId);
}
