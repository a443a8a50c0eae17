package dev.switchboard.contract.ping;

import dev.switchboard.contract.ApiClient;
import dev.switchboard.contract.ApiServer;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The writing side of the ping service ({@link Service#PING}): a ping is answered once the broker holds it
 * (400 for an empty or too long message, 503/504 when the broker cannot take it in time).
 */
@FunctionalInterface
public interface PingApi {
  String PUBLISH = "publish";

  /** Stamps {@code msg} with an id and the current date-time and publishes it to the ping work queue. */
  Future<PingMessage> publish(String msg);

  static PingApi client(ServiceClient transport) {
    ApiClient api = new ApiClient(transport);
    return msg -> api.call(PUBLISH, new JsonObject().put(PingMessage.MSG, msg), PingMessage::fromJson);
  }

  static Map<String, ApiServer.Action> server(PingApi ping) {
    return new ApiServer().on(PUBLISH, PingRules::message, msg -> ping.publish(msg).map(PingMessage::toJson)).actions();
  }
}
