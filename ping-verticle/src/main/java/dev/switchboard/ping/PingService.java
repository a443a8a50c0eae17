package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Headers;
import dev.switchboard.contract.ping.PingApi;
import dev.switchboard.messaging.queue.WorkQueue;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** The ping rules: validate, stamp the current date-time, publish the ping to the ping work queue. */
final class PingService implements PingApi {
  /** ISO-8601 with a numeric offset, e.g. {@code 2026-11-20T22:30:00.123+00:00}. */
  static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private final WorkQueue pings;
  private final Clock clock;

  PingService(WorkQueue pings, Clock clock) {
    this.pings = pings;
    this.clock = clock;
  }

  /** Answers once the ping is safe (the broker confirmed it). */
  @Override
  public Future<PingMessage> publish(String msg) {
    PingMessage message = new PingMessage(UUID.randomUUID().toString(), OffsetDateTime.now(clock).format(DATE_FORMAT), msg);
    String traceId = RequestContext.traceId();
    Map<String, String> headers = traceId == null ? Map.of() : Map.of(Headers.REQUEST_ID, traceId);
    return pings.publish(message.id(), message.toJson().toBuffer(), headers).map(message);
  }
}
