package dev.switchboard.ping;

import io.vertx.core.json.JsonObject;

/** One ping as stored and listed: its id, the date-time it was stamped with, and the text. */
public record PingMessage(String id, String date, String msg) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("date", date).put("msg", msg);
  }
}
