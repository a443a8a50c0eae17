package dev.switchboard.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a ping request must hold — Switchboard's rules (contract PingRules, Fields.text, Text): {@code msg} a
 * string, not blank, at most 1,000 characters, no control character but tab, line feed and carriage
 * return, no unpaired surrogate.
 */
final class PingRules {
  static final int MAX_MSG_LENGTH = 1_000;

  private PingRules() {
  }

  /** The failing fields as {@code {"field","message"}} objects; empty when the request is valid. */
  static List<Map<String, String>> violations(JsonNode body) {
    JsonNode value = body == null || !body.isObject() ? null : body.get("msg");
    if (value == null || value.isNull()) {
      return error("msg is required");
    }
    if (!value.isTextual()) {
      return error("msg must be a string");
    }
    String text = value.textValue();
    String violation = textViolation(text);
    if (violation != null) {
      return error("msg " + violation);
    }
    if (text.isBlank()) {
      return error("msg must not be empty");
    }
    if (text.length() > MAX_MSG_LENGTH) {
      return error("msg must be at most " + MAX_MSG_LENGTH + " characters (got " + text.length() + ")");
    }
    return List.of();
  }

  private static List<Map<String, String>> error(String message) {
    return List.of(Map.of("field", "msg", "message", message));
  }

  private static String textViolation(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && c != '\t' && c != '\n' && c != '\r') {
        return String.format("must not contain the control character U+%04X", (int) c);
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("must not contain an unpaired surrogate (U+%04X)", (int) c);
      }
    }
    return null;
  }
}
