package dev.switchboard.messaging.rabbit;

import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's two connections to RabbitMQ: one it publishes on, one it consumes (and acknowledges) on.
 * When the broker blocks publishers (a memory or disk alarm) it blocks the connection they publish on, and
 * everything else on that connection stops with it; kept apart, acknowledgements and deliveries go on while
 * publishes are refused at once.
 */
public final class Broker {
  private final RabbitConnection publishing;
  private final RabbitConnection consuming;

  private Broker(RabbitConnection publishing, RabbitConnection consuming) {
    this.publishing = publishing;
    this.consuming = consuming;
  }

  /** Starts connecting both, in the background; {@code name} names them on the broker. */
  public static Broker start(Vertx vertx, SwitchboardConfig.RabbitMq config, String name) {
    return new Broker(RabbitConnection.start(vertx, config, name + "-publish"),
        RabbitConnection.start(vertx, config, name + "-consume"));
  }

  public RabbitConnection publishing() {
    return publishing;
  }

  public RabbitConnection consuming() {
    return consuming;
  }

  /** Both connections are open (a blocked one still counts: it is up, and says why it does not publish). */
  public boolean isOpen() {
    return publishing.isOpen() && consuming.isOpen();
  }

  /**
   * For readiness: {@code UP}; {@code DEGRADED} while the broker blocks publishes (with its reason) or a
   * queue in use was found with other properties than declared; {@code DOWN} when a connection is not open.
   */
  public JsonObject state() {
    JsonObject state = new JsonObject();
    if (!publishing.isOpen() || !consuming.isOpen()) {
      state.put("state", "DOWN").put("reason", (publishing.isOpen() ? consuming : publishing).lastError());
    } else if (publishing.blocked() != null) {
      state.put("state", "DEGRADED").put("reason", "publishes blocked by the broker: " + publishing.blocked());
    } else {
      state.put("state", adopted().isEmpty() ? "UP" : "DEGRADED");
    }
    if (!adopted().isEmpty()) {
      JsonObject adopted = new JsonObject();
      adopted().forEach(adopted::put);
      state.put("queuesUsedAsFound", adopted);
    }
    return state;
  }

  /** The queues in use that were found with other properties than declared, on either connection. */
  public Map<String, String> adopted() {
    Map<String, String> both = new TreeMap<>(publishing.topology().adopted());
    both.putAll(consuming.topology().adopted());
    return both;
  }

  public Future<Void> close() {
    return Future.join(publishing.close(), consuming.close()).mapEmpty();
  }
}
