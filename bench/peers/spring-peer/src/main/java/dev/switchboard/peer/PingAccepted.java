package dev.switchboard.peer;

/**
 * The 202 body of {@code POST /ping}, the same fields as Switchboard's: the stored ping plus the source
 * system's {@code message} and {@code content}.
 */
public record PingAccepted(String id, String date, String msg, String message, String content) {
  static PingAccepted of(PingMessage ping) {
    return new PingAccepted(ping.id(), ping.date(), ping.msg(), "Created at " + ping.date(), ping.msg());
  }
}
