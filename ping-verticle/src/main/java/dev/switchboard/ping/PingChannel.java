package dev.switchboard.ping;

import io.vertx.core.Future;

/**
 * Carries a ping from the ping role to the pong role: the durable RabbitMQ queue when RabbitMQ is
 * enabled, the event bus otherwise. Completes once the ping is safe (broker-confirmed, or stored by pong).
 */
interface PingChannel {

  Future<Void> send(PingMessage message, String requestId);

  /** Whether a ping sent now has a chance; for readiness. */
  boolean ready();

  Future<Void> close();
}
