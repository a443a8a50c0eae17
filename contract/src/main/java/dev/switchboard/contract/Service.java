package dev.switchboard.contract;

/**
 * The services the gateway talks to. Each serves one event-bus address; the action travels in the
 * {@link Headers#ACTION} header (on RabbitMQ: the message's {@code type} property). {@code PONG} is the
 * reading side of the ping service: it may run in another process than {@code PING}, so it has its own
 * address and request queue, and follows the ping service's transport.
 */
public enum Service {
  USER("user", "switchboard.user"),
  ORDER("order", "switchboard.order"),
  PING("ping", "switchboard.ping"),
  PONG("pong", "switchboard.pong");

  private final String serviceName;
  private final String address;

  Service(String serviceName, String address) {
    this.serviceName = serviceName;
    this.address = address;
  }

  public String serviceName() {
    return serviceName;
  }

  public String address() {
    return address;
  }

  /**
   * The action of a request that names none (no AMQP {@code type}): the source system's gateway publishes
   * only its create calls, without a type, to the {@code user} and {@code order} queues.
   */
  public String defaultAction() {
    return this == USER || this == ORDER ? "create" : null;
  }
}
