package dev.switchboard.platform.launch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

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

  /** The module listens on the process's HTTP port itself (the gateway) instead of the health-only server. */
  default boolean servesHttp() {
    return false;
  }
}
