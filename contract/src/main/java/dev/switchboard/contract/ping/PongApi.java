package dev.switchboard.contract.ping;

import dev.switchboard.contract.ApiClient;
import dev.switchboard.contract.ApiServer;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceClient;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The reading side of the ping service ({@link Service#PONG}; it may run in another process than the ping
 * side): the stored pings, oldest first (404 when {@code after} names a message no longer stored).
 */
@FunctionalInterface
public interface PongApi {
  String MESSAGES = "messages";

  Future<Page<PingMessage>> messages(MessageQuery query);

  static PongApi client(ServiceClient transport) {
    ApiClient api = new ApiClient(transport);
    return query -> api.call(MESSAGES, query.toJson(), json -> Page.fromJson(json, PingMessage::fromJson));
  }

  static Map<String, ApiServer.Action> server(PongApi pong) {
    return new ApiServer()
        .on(MESSAGES, MessageQuery::fromJson, query -> pong.messages(query).map(p -> p.toJson(PingMessage::toJson)))
        .actions();
  }
}
