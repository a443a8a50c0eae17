package dev.switchboard.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the configuration of a process from four sources, later wins, merged key by key:
 * <ol>
 *   <li>the defaults bundled in the jar ({@code switchboard/defaults.json}, then the process role's
 *       {@code switchboard/<role>.json} when the module ships one);</li>
 *   <li>the {@code -conf} JSON handed to the main verticle;</li>
 *   <li>system properties {@code -Dswitchboard.<path>} (e.g. {@code -Dswitchboard.http.port=9090});</li>
 *   <li>environment variables {@code SWITCHBOARD_<PATH>} with path segments joined by {@code _},
 *       matched case-insensitively (e.g. {@code SWITCHBOARD_QUEUES_ORDERINTAKE}).</li>
 * </ol>
 * The defaults define every key and its type: a value of another type fails start-up with a message
 * naming the key; a key the defaults do not know is reported and ignored.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  public static final String PROPERTY_PREFIX = "switchboard.";
  public static final String ENV_PREFIX = "SWITCHBOARD_";
  private static final String DEFAULTS = "switchboard/defaults.json";

  private ConfigLoader() {
  }

  /** Loads the typed config for a process role from every source, reporting unknown keys. */
  public static SwitchboardConfig load(JsonObject conf, String role) {
    return SwitchboardConfig.from(merge(conf, role, System.getProperties(), System.getenv()));
  }

  /** Like {@link #load} without reporting unknown keys (for a first look before the main verticle reads it). */
  public static SwitchboardConfig peek(JsonObject conf) {
    return SwitchboardConfig.from(merge(conf, null, System.getProperties(), System.getenv(), false));
  }

  /** Merges every source into one JSON tree, checking each value against the defaults' types. */
  public static JsonObject merge(JsonObject conf, String role, Properties properties, Map<String, String> env) {
    return merge(conf, role, properties, env, true);
  }

  private static JsonObject merge(JsonObject conf, String role, Properties properties, Map<String, String> env,
                                  boolean reportUnknown) {
    JsonObject merged = readResource(DEFAULTS);
    JsonObject roleDefaults = role == null ? null : readOptionalResource("switchboard/" + role + ".json");
    List<String> unknown = new ArrayList<>();
    if (roleDefaults != null) {
      mergeJson(merged, roleDefaults, "", "defaults of " + role, unknown);
    }
    if (conf != null) {
      mergeJson(merged, conf, "", "-conf", unknown);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(stringProperties(properties)).entrySet()) {
      if (e.getKey().startsWith(PROPERTY_PREFIX)) {
        String[] path = e.getKey().substring(PROPERTY_PREFIX.length()).split("\\.");
        override(merged, path, e.getValue(), "-D" + e.getKey(), unknown);
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith(ENV_PREFIX)) {
        String[] path = e.getKey().substring(ENV_PREFIX.length()).split("_");
        override(merged, path, e.getValue(), e.getKey(), unknown);
      }
    }
    if (reportUnknown) {
      unknown.forEach(u -> LOG.warn("Ignoring unknown config key {}", u));
    }
    return merged;
  }

  private static Map<String, String> stringProperties(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  private static void mergeJson(JsonObject target, JsonObject source, String prefix, String origin, List<String> unknown) {
    for (Map.Entry<String, Object> e : source) {
      String key = prefix + e.getKey();
      if (!target.containsKey(e.getKey())) {
        unknown.add(key + " (from " + origin + ")");
        continue;
      }
      Object current = target.getValue(e.getKey());
      Object value = e.getValue();
      if (current instanceof JsonObject && value instanceof JsonObject) {
        mergeJson((JsonObject) current, (JsonObject) value, key + ".", origin, unknown);
      } else if (value != null && !sameType(current, value)) {
        throw new ConfigException("Config key " + key + " (from " + origin + ") must be " + typeName(current)
            + " but is " + typeName(value) + ": " + value);
      } else {
        target.put(e.getKey(), value);
      }
    }
  }

  /** Applies one flat override (system property or environment variable) at its path. */
  private static void override(JsonObject root, String[] path, String raw, String origin, List<String> unknown) {
    JsonObject node = root;
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < path.length; i++) {
      String segment = findKey(node, path[i]);
      if (segment == null) {
        unknown.add(String.join(".", path) + " (from " + origin + ")");
        return;
      }
      key.append(i == 0 ? "" : ".").append(segment);
      Object current = node.getValue(segment);
      if (i == path.length - 1) {
        node.put(segment, convert(current, raw, key.toString(), origin));
        return;
      }
      if (!(current instanceof JsonObject)) {
        unknown.add(String.join(".", path) + " (from " + origin + ")");
        return;
      }
      node = (JsonObject) current;
    }
  }

  private static String findKey(JsonObject node, String segment) {
    if (node.containsKey(segment)) {
      return segment;
    }
    for (String name : node.fieldNames()) {
      if (name.equalsIgnoreCase(segment)) {
        return name;
      }
    }
    return null;
  }

  private static Object convert(Object current, String raw, String key, String origin) {
    String value = raw.trim();
    try {
      if (current instanceof Boolean) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException();
      }
      if (current instanceof Integer || current instanceof Long) {
        return Long.parseLong(value);
      }
      if (current instanceof Number) {
        return Double.parseDouble(value);
      }
      if (current instanceof JsonArray) {
        if (value.startsWith("[")) {
          return new JsonArray(value);
        }
        JsonArray items = new JsonArray();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        return items;
      }
      if (current instanceof JsonObject) {
        JsonObject merged = ((JsonObject) current).copy();
        mergeJson(merged, new JsonObject(value), key + ".", origin, new ArrayList<>());
        return merged;
      }
      return raw;
    } catch (IllegalArgumentException | DecodeException e) {
      throw new ConfigException("Config key " + key + " (from " + origin + ") must be " + typeName(current)
          + " but is '" + raw + "'");
    }
  }

  private static boolean sameType(Object current, Object value) {
    if (current == null) {
      return true;
    }
    if (current instanceof Number) {
      return value instanceof Number;
    }
    return current.getClass() == value.getClass()
        || (current instanceof JsonArray && value instanceof JsonArray)
        || (current instanceof JsonObject && value instanceof JsonObject);
  }

  private static String typeName(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return "an integer";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "true or false";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    return "a string";
  }

  private static JsonObject readResource(String name) {
    JsonObject json = readOptionalResource(name);
    if (json == null) {
      throw new ConfigException("Missing bundled config " + name);
    }
    return json;
  }

  private static JsonObject readOptionalResource(String name) {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | DecodeException e) {
      throw new ConfigException("Cannot read bundled config " + name + ": " + e.getMessage());
    }
  }
}
