package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what arrives on the ping queue: the JSON this service publishes ({@code {"id","date","msg"}}) or
 * the source system's plain text {@code <date> - <msg>} published by other programs. Anything else
 * (not UTF-8, no separator, JSON without a string {@code msg}, over 64 KiB) is unreadable.
 */
final class PingMessages {
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String SEPARATOR = " - ";

  private PingMessages() {
  }

  static Optional<PingMessage> parse(byte[] body, String messageId, Clock clock) {
    if (body.length == 0 || body.length > MAX_BODY_BYTES) {
      return Optional.empty();
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    String id = messageId != null && !messageId.isBlank() ? messageId : UUID.randomUUID().toString();
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      return fromJson(trimmed, id, clock);
    }
    int separator = text.indexOf(SEPARATOR);
    if (separator <= 0) {
      return Optional.empty();
    }
    String date = text.substring(0, separator).strip();
    String msg = text.substring(separator + SEPARATOR.length());
    if (date.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PingMessage(id, date, msg));
  }

  private static Optional<PingMessage> fromJson(String text, String fallbackId, Clock clock) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
    if (!(json.getValue(PingMessage.MSG) instanceof String msg)) {
      return Optional.empty();
    }
    String id = json.getValue(PingMessage.ID) instanceof String s && !s.isBlank() ? s : fallbackId;
    String date = json.getValue(PingMessage.DATE) instanceof String d && !d.isBlank()
        ? d : OffsetDateTime.now(clock).format(PingService.DATE_FORMAT);
    return Optional.of(new PingMessage(id, date, msg));
  }
}
