package dev.switchboard.shared.launch;

import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.contract.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * One part of the system a process can run: the gateway, the user service, the order service, the ping
 * service. A service jar runs its own module; the standalone jar runs them all in one JVM.
 */
public interface ServiceModule {

  String name();

  /**
   * Deploys what the module runs and completes when it serves. A module that waits on something outside
   * the process (its database, say) keeps retrying and completes later; {@link #ready()} tells meanwhile.
   */
  Future<Void> deploy(Vertx vertx, Infrastructure infrastructure);

  /** Whether the module serves requests now (reported by /ready). */
  boolean ready();

  /**
   * The services this module serves in this process (with its configured roles); a bridge from each one's
   * RabbitMQ request queue is run beside it when its transport is rabbitmq.
   */
  default List<Service> services(SwitchboardConfig config) {
    return List.of();
  }

  /** The module listens on the process's HTTP port itself (the gateway) instead of the health-only server. */
  default boolean servesHttp() {
    return false;
  }
}
