package dev.switchboard.contract;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The calling side of a typed API over one generic transport ({@link ServiceClient}): encodes the request
 * record, sends it under the current request's trace id, decodes the reply.
 */
public final class ApiClient {
  private final ServiceClient transport;

  public ApiClient(ServiceClient transport) {
    this.transport = transport;
  }

  public <R> Future<R> call(String action, JsonObject request, Function<JsonObject, R> decode) {
    return transport.request(action, request, RequestContext.traceId()).map(decode);
  }

  public Future<Void> call(String action, JsonObject request) {
    return transport.request(action, request, RequestContext.traceId()).mapEmpty();
  }
}
