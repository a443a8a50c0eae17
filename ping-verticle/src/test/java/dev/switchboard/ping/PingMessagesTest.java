package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingMessagesTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);

  private Optional<PingMessage> parse(String body, String messageId) {
    return PingMessages.parse(body.getBytes(StandardCharsets.UTF_8), messageId, clock);
  }

  @Test
  void readsTheJsonThisServicePublishes() {
    PingMessage m = parse("{\"id\":\"abc\",\"date\":\"2026-05-01T09:00:00.000+00:00\",\"msg\":\"hello\"}", "other").get();
    assertThat(m).isEqualTo(new PingMessage("abc", "2026-05-01T09:00:00.000+00:00", "hello"));
  }

  @Test
  void readsTheSourceSystemsPlainText() {
    PingMessage m = parse("2024-05-01 12:34:56.789012 - hi there - with a dash", "mid-1").get();
    assertThat(m.id()).isEqualTo("mid-1");
    assertThat(m.date()).isEqualTo("2024-05-01 12:34:56.789012");
    assertThat(m.msg()).isEqualTo("hi there - with a dash");
  }

  @Test
  void givesPlainTextWithoutMessageIdAFreshId() {
    assertThat(parse("2024-05-01 12:34:56 - x", null).get().id()).isNotBlank();
  }

  @Test
  void jsonWithoutDateIsStampedNow() {
    assertThat(parse("{\"msg\":\"x\"}", "m").get().date()).isEqualTo("2026-05-01T10:00:00.000+00:00");
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThat(parse("no separator here", "m")).isEmpty();
    assertThat(parse(" - starts with separator", "m")).isEmpty();
    assertThat(parse("{\"msg\": 42}", "m")).isEmpty();
    assertThat(parse("{\"text\": \"x\"}", "m")).isEmpty();
    assertThat(parse("{broken json", "m")).isEmpty();
    assertThat(parse("", "m")).isEmpty();
    assertThat(PingMessages.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}, "m", clock)).isEmpty();
    assertThat(PingMessages.parse(new byte[PingMessages.MAX_BODY_BYTES + 1], "m", clock)).isEmpty();
  }
}
