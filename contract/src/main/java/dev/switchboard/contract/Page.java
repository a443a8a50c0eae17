package dev.switchboard.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One page of a listing; on the wire {@code {"items":[…]}}. */
public record Page<T>(List<T> items) {
  public Page {
    items = List.copyOf(items);
  }

  public JsonObject toJson(Function<T, JsonObject> encode) {
    return new JsonObject().put(Fields.ITEMS, items(encode));
  }

  public JsonArray items(Function<T, JsonObject> encode) {
    JsonArray array = new JsonArray(new ArrayList<>(items.size()));
    items.forEach(item -> array.add(encode.apply(item)));
    return array;
  }

  public static <T> Page<T> fromJson(JsonObject json, Function<JsonObject, T> decode) {
    JsonArray array = json.getJsonArray(Fields.ITEMS, new JsonArray());
    List<T> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      items.add(decode.apply(array.getJsonObject(i)));
    }
    return new Page<>(items);
  }
}
