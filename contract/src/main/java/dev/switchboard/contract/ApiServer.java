package dev.switchboard.contract;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The serving side of a typed API, whatever transport brings the calls: each action decodes its request
 * JSON into the API's record (a {@link ServiceFailure} 400 when it is not valid), calls the implementation
 * and encodes the reply. The transports dispatch on the action name and know nothing else of the API.
 */
public final class ApiServer {
  /** One action: request JSON in, reply JSON out. */
  @FunctionalInterface
  public interface Action {
    Future<JsonObject> handle(JsonObject request);
  }

  private final Map<String, Action> actions = new LinkedHashMap<>();

  public <T> ApiServer on(String action, Function<JsonObject, T> decode, Function<T, Future<JsonObject>> call) {
    actions.put(action, request -> call.apply(decode.apply(request)));
    return this;
  }

  public Map<String, Action> actions() {
    return Collections.unmodifiableMap(actions);
  }

  /** The empty reply of an action that answers nothing but success. */
  public static Future<JsonObject> empty(Future<Void> done) {
    return done.map(v -> new JsonObject());
  }
}
