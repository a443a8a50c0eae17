package dev.switchboard.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.switchboard.contract.RequestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line written in this JVM while attached, as {@code LEVEL [request id] logger message},
 * with its exception text. The request id is read as the log line is written, on the thread that writes
 * it, the way {@code %rid} in logback.xml reads it ({@code -} outside a request).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  public static LogCapture attach() {
    LogCapture capture = new LogCapture();
    capture.setName("test-capture");
    capture.start();
    root().addAppender(capture);
    return capture;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent event) {
    String requestId = RequestContext.traceId();
    StringBuilder line = new StringBuilder(event.getLevel() + " [" + (requestId == null ? "-" : requestId) + "] "
        + event.getLoggerName() + " " + event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    root().detachAppender(this);
    stop();
  }
}
