package dev.switchboard.platform.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hook for crash tests: started with {@code -Dswitchboard.crashAt=<point>}, the JVM stops dead — no
 * shutdown hooks, as {@code kill -9} — the first time the code passes that point (say, right after a
 * commit and before the acknowledgement), so a test can check what survives a crash exactly there.
 * Without the property nothing happens. Not a configuration key: nothing to set in production.
 */
public final class CrashPoint {
  private static final Logger LOG = LoggerFactory.getLogger(CrashPoint.class);
  private static final String AT = System.getProperty("switchboard.crashAt");

  private CrashPoint() {
  }

  public static void reached(String point) {
    if (point.equals(AT)) {
      LOG.warn("Crash point {} reached: halting", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
