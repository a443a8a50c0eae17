package dev.switchboard.contract;

/** Header names shared by the event bus, AMQP messages and HTTP. */
public final class Headers {
  /** Event-bus header naming the action a service should perform. */
  public static final String ACTION = "action";
  /** The request id, carried from the HTTP edge through event-bus and AMQP headers. */
  public static final String REQUEST_ID = "x-request-id";
  /** AMQP reply header: the HTTP status the result means (200, 201, 400, 404 …). */
  public static final String STATUS = "status";
  /** AMQP request header: when the caller gives up (epoch milliseconds); a request past it is not run. */
  public static final String DEADLINE = "x-deadline";
  /**
   * Event-bus header the RabbitMQ bridge adds: the id of the call (stable across redeliveries of one
   * request), by which a service answers a redelivered non-idempotent call with its first answer.
   */
  public static final String CALL_ID = "x-call-id";

  /**
   * The principal of a call ({@link Principal}): the user id the gateway verified, and that user's roles,
   * comma-separated. Services trust these headers: whoever may publish on the broker or join the cluster
   * may set them (README, "Trust boundary").
   */
  public static final String SUBJECT = "x-subject";
  public static final String ROLES = "x-roles";

  private Headers() {
  }
}
