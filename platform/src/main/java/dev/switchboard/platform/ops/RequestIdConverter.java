package dev.switchboard.platform.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.switchboard.contract.RequestContext;

/**
 * {@code %rid} in a logback pattern: the id of the request the logging thread is handling, read from the
 * current Vert.x context (event loops serve many requests in turn, so a thread-bound MDC would not do).
 */
public final class RequestIdConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String id = RequestContext.traceId();
    return id == null ? "-" : id;
  }
}
