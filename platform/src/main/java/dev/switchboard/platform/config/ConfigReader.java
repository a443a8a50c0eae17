package dev.switchboard.platform.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads typed values out of a merged config tree; every error names the full key. A module reads its own
 * section with one ({@link SwitchboardConfig#section}).
 */
public final class ConfigReader {
  private final JsonObject json;
  private final String prefix;

  ConfigReader(JsonObject json, String prefix) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = prefix;
  }

  public ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("Config key " + key(name) + " must be an object");
    }
    return new ConfigReader((JsonObject) value, key(name) + ".");
  }

  public String string(String name) {
    Object value = required(name);
    if (!(value instanceof String)) {
      throw new ConfigException("Config key " + key(name) + " must be a string but is " + value);
    }
    return (String) value;
  }

  public String nonBlank(String name) {
    String value = string(name);
    if (value.isBlank()) {
      throw new ConfigException("Config key " + key(name) + " must not be empty");
    }
    return value;
  }

  public boolean bool(String name) {
    Object value = required(name);
    if (!(value instanceof Boolean)) {
      throw new ConfigException("Config key " + key(name) + " must be true or false but is " + value);
    }
    return (Boolean) value;
  }

  public int integer(String name, int min, int max) {
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

  public List<String> strings(String name) {
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

  /** A non-empty set of roles, each one of {@code type}'s constants (case-insensitive). */
  public <E extends Enum<E>> Set<E> roles(String name, Class<E> type) {
    Set<E> roles = EnumSet.noneOf(type);
    for (String role : strings(name)) {
      try {
        roles.add(Enum.valueOf(type, role.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Config key " + key(name) + ": unknown role '" + role + "' (expected "
            + names(type) + ")");
      }
    }
    if (roles.isEmpty()) {
      throw new ConfigException("Config key " + key(name) + " must name at least one of " + names(type));
    }
    return roles;
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    return String.join(", ", Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
  }

  public Transport transport(String name) {
    return Transport.parse(key(name), string(name));
  }

  public String key(String name) {
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
