package dev.switchboard.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads typed values out of a merged config tree (see {@link ConfigLoader}) — the one place where types and
 * bounds are checked. A value that came from a system property or an environment variable is text, read
 * here as the type the key wants. Every error names the full key and, for an override, where it came from.
 * A module reads its own section with one ({@link SwitchboardConfig#section}).
 */
public final class ConfigReader {
  /** The top-level key under which the loader records which override set which key. */
  static final String ORIGINS = "@origins";
  private final JsonObject json;
  private final String prefix;
  private final JsonObject origins;

  ConfigReader(JsonObject json, String prefix, JsonObject origins) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix;
    this.origins = origins == null ? new JsonObject() : origins;
  }

  static ConfigReader root(JsonObject json) {
    return new ConfigReader(json, "", json == null ? null : json.getJsonObject(ORIGINS));
  }

  public ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw fail(name, "must be an object");
    }
    return new ConfigReader((JsonObject) value, key(name) + ".", origins);
  }

  public String string(String name) {
    Object value = required(name);
    if (!(value instanceof String)) {
      throw fail(name, "must be a string but is " + value);
    }
    return (String) value;
  }

  public String nonBlank(String name) {
    String value = string(name);
    if (value.isBlank()) {
      throw fail(name, "must not be empty");
    }
    return value;
  }

  public boolean bool(String name) {
    Object value = required(name);
    if (value instanceof String && ("true".equalsIgnoreCase(((String) value).trim())
        || "false".equalsIgnoreCase(((String) value).trim()))) {
      return Boolean.parseBoolean(((String) value).trim().toLowerCase(Locale.ROOT));
    }
    if (!(value instanceof Boolean)) {
      throw fail(name, "must be true or false but is '" + value + "'");
    }
    return (Boolean) value;
  }

  public int integer(String name, int min, int max) {
    Object value = required(name);
    long number;
    if (value instanceof String) {
      try {
        number = Long.parseLong(((String) value).trim());
      } catch (NumberFormatException e) {
        throw fail(name, "must be an integer but is '" + value + "'");
      }
    } else if (value instanceof Number
        && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())) {
      number = ((Number) value).longValue();
    } else {
      throw fail(name, "must be an integer but is '" + value + "'");
    }
    if (number < min || number > max) {
      throw fail(name, "must be between " + min + " and " + max + " but is " + number);
    }
    return (int) number;
  }

  /** A list: a JSON array, or as text a JSON array or comma-separated items. */
  public List<String> strings(String name) {
    Object value = required(name);
    if (value instanceof String) {
      String text = ((String) value).trim();
      if (text.startsWith("[")) {
        try {
          value = new JsonArray(text);
        } catch (DecodeException e) {
          throw fail(name, "must be a list but is '" + text + "'");
        }
      } else {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      }
    }
    if (!(value instanceof JsonArray)) {
      throw fail(name, "must be a list but is '" + value + "'");
    }
    List<String> items = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String)) {
        throw fail(name, "must be a list of strings but holds " + item);
      }
      items.add((String) item);
    }
    return items;
  }

  /** A list of objects: a JSON array, or as text (an override) a JSON array. */
  public List<JsonObject> objects(String name) {
    Object value = required(name);
    if (value instanceof String text) {
      try {
        value = new JsonArray(text.trim());
      } catch (DecodeException e) {
        throw fail(name, "must be a JSON list of objects but is '" + text + "'");
      }
    }
    if (!(value instanceof JsonArray array)) {
      throw fail(name, "must be a list of objects");
    }
    List<JsonObject> items = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof JsonObject object)) {
        throw fail(name, "must be a list of objects but holds " + item);
      }
      items.add(object);
    }
    return items;
  }

  /** A non-empty set of roles, each one of {@code type}'s constants (case-insensitive). */
  public <E extends Enum<E>> Set<E> roles(String name, Class<E> type) {
    Set<E> roles = EnumSet.noneOf(type);
    for (String role : strings(name)) {
      try {
        roles.add(Enum.valueOf(type, role.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw fail(name, "names an unknown role '" + role + "' (expected " + names(type) + ")");
      }
    }
    if (roles.isEmpty()) {
      throw fail(name, "must name at least one of " + names(type));
    }
    return roles;
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    return String.join(", ", Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
  }

  public Transport transport(String name) {
    return Transport.parse(described(name), string(name));
  }

  public String key(String name) {
    return prefix + name;
  }

  /** A failure naming the key and, when an override set it, its source. */
  public ConfigException fail(String name, String problem) {
    return new ConfigException("Config key " + described(name) + " " + problem);
  }

  private String described(String name) {
    String origin = origins.getString(key(name));
    return origin == null ? key(name) : key(name) + " (from " + origin + ")";
  }

  private Object required(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      throw fail(name, "is missing");
    }
    return value;
  }
}
