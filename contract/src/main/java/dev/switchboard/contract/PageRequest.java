package dev.switchboard.contract;

import io.vertx.core.json.JsonObject;

/** Which page of a listing: {@code limit} items from {@code offset}; on the wire {@code {"limit"?,"offset"?}}. */
public record PageRequest(int limit, int offset) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.LIMIT, limit).put(Fields.OFFSET, offset);
  }

  /** limit 1..maxLimit (default {@code defaultLimit}), offset ≥ 0 (default 0), or a 400 naming the field. */
  public static PageRequest fromJson(JsonObject json, int defaultLimit, int maxLimit) {
    FieldErrors errors = new FieldErrors();
    Integer limit = Fields.integer(json, Fields.LIMIT, 1, maxLimit, errors, false);
    Integer offset = Fields.integer(json, Fields.OFFSET, 0, Integer.MAX_VALUE, errors, false);
    errors.throwIfAny();
    return new PageRequest(limit == null ? defaultLimit : limit, offset == null ? 0 : offset);
  }
}
