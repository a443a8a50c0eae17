package dev.switchboard.ping;

import dev.switchboard.shared.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The ping rules: validate, stamp the current date-time, hand the ping to the channel. */
final class PingService {
  /** ISO-8601 with a numeric offset, e.g. {@code 2026-11-20T22:30:00.123+00:00}. */
  static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private final PingChannel channel;
  private final Clock clock;

  PingService(PingChannel channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  /** {@code {"msg"}} → {@code {"id","date","msg"}} once the ping is safe. */
  Future<JsonObject> publish(JsonObject request) {
    String msg = PingRules.message(request);
    PingMessage message = new PingMessage(UUID.randomUUID().toString(), OffsetDateTime.now(clock).format(DATE_FORMAT), msg);
    return channel.send(message, RequestContext.requestId()).map(v -> message.toJson());
  }
}
