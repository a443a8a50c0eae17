package dev.switchboard.contract.ping;

import io.vertx.core.json.JsonObject;

/** One ping as stored and listed: its id, the date-time it was stamped with, and the text. */
public record PingMessage(String id, String date, String msg) {

  public static final String ID = "id";
  public static final String DATE = "date";
  public static final String MSG = "msg";

  public JsonObject toJson() {
    return new JsonObject().put(ID, id).put(DATE, date).put(MSG, msg);
  }

  public static PingMessage fromJson(JsonObject json) {
    return new PingMessage(json.getString(ID), json.getString(DATE), json.getString(MSG));
  }
}
