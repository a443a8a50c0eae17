package dev.switchboard.messaging.rabbit;

import dev.switchboard.contract.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Calls a service through its RabbitMQ request queue. */
public final class RabbitServiceClient implements ServiceClient {
  private final RpcClient rpc;
  private final String queue;

  public RabbitServiceClient(RpcClient rpc, String queue) {
    this.rpc = rpc;
    this.queue = queue;
  }

  @Override
  public Future<JsonObject> request(String action, JsonObject body, String traceId) {
    return rpc.request(queue, action, body, traceId);
  }
}
