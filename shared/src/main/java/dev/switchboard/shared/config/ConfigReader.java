package dev.switchboard.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads typed values out of a merged config tree; every error names the full key. */
final class ConfigReader {
  private final JsonObject json;
  private final String prefix;

  ConfigReader(JsonObject json, String prefix) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix;
  }

  ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("Config key " + key(name) + " must be an object");
    }
    return new ConfigReader((JsonObject) value, key(name) + ".");
  }

  String string(String name) {
    Object value = required(name);
    if (!(value instanceof String)) {
      throw new ConfigException("Config key " + key(name) + " must be a string but is " + value);
    }
    return (String) value;
  }

  String nonBlank(String name) {
    String value = string(name);
    if (value.isBlank()) {
      throw new ConfigException("Config key " + key(name) + " must not be empty");
    }
    return value;
  }

  boolean bool(String name) {
    Object value = required(name);
    if (!(value instanceof Boolean)) {
      throw new ConfigException("Config key " + key(name) + " must be true or false but is " + value);
    }
    return (Boolean) value;
  }

  int integer(String name, int min, int max) {
    Object value = required(name);
    if (!(value instanceof Number) || ((Number) value).doubleValue() != Math.rint(((Number) value).doubleValue())) {
      throw new ConfigException("Config key " + key(name) + " must be an integer but is " + value);
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw new ConfigException("Config key " + key(name) + " must be between " + min + " and " + max
          + " but is " + number);
    }
    return (int) number;
  }

  List<String> strings(String name) {
    Object value = required(name);
    if (!(value instanceof JsonArray)) {
      throw new ConfigException("Config key " + key(name) + " must be a list but is " + value);
    }
    List<String> items = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String)) {
        throw new ConfigException("Config key " + key(name) + " must be a list of strings but holds " + item);
      }
      items.add((String) item);
    }
    return items;
  }

  Transport transport(String name) {
    return Transport.parse(key(name), string(name));
  }

  String key(String name) {
    return prefix + name;
  }

  private Object required(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      throw new ConfigException("Config key " + key(name) + " is missing");
    }
    return value;
  }
}
