package dev.switchboard.storage;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The source schema's {@code TIMESTAMP} columns (without time zone) hold UTC, set by the services; they
 * are shown as ISO-8601 with the offset ({@code 2026-11-20T22:33:24.152553Z}).
 */
public final class Timestamps {
  private Timestamps() {
  }

  /** Now in UTC at PostgreSQL's precision. */
  public static LocalDateTime now(Clock clock) {
    return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS);
  }

  public static String format(LocalDateTime utc) {
    return utc == null ? null : utc.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
