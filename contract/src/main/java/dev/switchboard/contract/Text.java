package dev.switchboard.contract;

/**
 * The one rule every text field a client sends obeys, whatever its own rules add: no NUL, no other
 * control character (C0, DEL, C1) — except tab, line feed and carriage return in multi-line text such as a
 * description — and no unpaired surrogate (a lone {@code \ud800} in JSON is not a character, and neither
 * PostgreSQL nor UTF-8 can store it faithfully). Checked before anything is hashed, stored or queued.
 */
public final class Text {
  private Text() {
  }

  /** Why {@code value} is not acceptable text (a phrase to follow the field name), or null when it is. */
  public static String violation(String value, boolean multiline) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
          continue;
        }
        return String.format("must not contain the control character U+%04X", (int) c);
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain an unpaired surrogate (U+" + String.format("%04X", (int) c) + ")";
      }
    }
    return null;
  }
}
