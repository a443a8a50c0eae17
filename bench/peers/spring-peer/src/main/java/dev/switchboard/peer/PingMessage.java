package dev.switchboard.peer;

/** One ping as it travels through the queue and is stored: its id, the date-time it was stamped with, the text. */
public record PingMessage(String id, String date, String msg) {
}
