package dev.switchboard.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the configuration of a process from four sources, later wins, key by key:
 * <ol>
 *   <li>the defaults bundled in the jar ({@code switchboard/defaults.json}, then the process role's
 *       {@code switchboard/<role>.json} when the module ships one);</li>
 *   <li>the {@code -conf} JSON handed to the main verticle;</li>
 *   <li>system properties {@code -Dswitchboard.<path>} (e.g. {@code -Dswitchboard.http.port=9090});</li>
 *   <li>environment variables {@code SWITCHBOARD_<PATH>} with path segments joined by {@code _},
 *       matched case-insensitively (e.g. {@code SWITCHBOARD_QUEUES_ORDERINTAKE}).</li>
 * </ol>
 * This class only merges: the defaults name every key, so a key they do not know is reported and dropped;
 * an override arrives as text and stays text. Types and bounds are checked once, where each section is read
 * ({@link ConfigReader}), and an error there names the source of a value that came from outside the jar.
 * The merge is pure (no I/O beyond the bundled resources), so the launcher and the main verticle read the
 * same tree.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  public static final String PROPERTY_PREFIX = "switchboard.";
  public static final String ENV_PREFIX = "SWITCHBOARD_";
  private static final String DEFAULTS = "switchboard/defaults.json";

  private ConfigLoader() {
  }

  /** Loads the typed config for a process role from every source of this JVM. */
  public static SwitchboardConfig load(JsonObject conf, String role) {
    return SwitchboardConfig.from(merge(conf, role, System.getProperties(), System.getenv()));
  }

  /** Merges the given sources into one tree (see the class comment). */
  public static JsonObject merge(JsonObject conf, String role, Properties properties, Map<String, String> env) {
    JsonObject tree = bundled(DEFAULTS);
    if (tree == null) {
      throw new ConfigException("Missing bundled config " + DEFAULTS);
    }
    JsonObject roleDefaults = role == null ? null : bundled("switchboard/" + role + ".json");
    if (roleDefaults != null) {
      tree.mergeIn(known(roleDefaults, tree, "", "defaults of " + role), true);
    }
    JsonObject origins = new JsonObject();
    if (conf != null) {
      tree.mergeIn(known(conf, tree, "", "-conf"), true);
    }
    Map<String, String> props = new TreeMap<>();
    properties.stringPropertyNames().forEach(n -> props.put(n, properties.getProperty(n)));
    override(tree, props, PROPERTY_PREFIX, "\\.", "-D", origins);
    override(tree, new TreeMap<>(env), ENV_PREFIX, "_", "", origins);
    return tree.put(ConfigReader.ORIGINS, origins);
  }

  /** The keys of {@code source} that {@code shape} knows; the others are reported. */
  private static JsonObject known(JsonObject source, JsonObject shape, String prefix, String origin) {
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> e : source) {
      String key = prefix + e.getKey();
      if (!shape.containsKey(e.getKey())) {
        LOG.warn("Ignoring unknown config key {} (from {})", key, origin);
      } else if (e.getValue() instanceof JsonObject && shape.getValue(e.getKey()) instanceof JsonObject) {
        kept.put(e.getKey(), known((JsonObject) e.getValue(), shape.getJsonObject(e.getKey()), key + ".", origin));
      } else {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  /** Applies the flat overrides whose names start with {@code prefix}, each at the path its name spells. */
  private static void override(JsonObject tree, Map<String, String> flat, String prefix, String separator,
                               String originPrefix, JsonObject origins) {
    for (Map.Entry<String, String> e : flat.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String origin = originPrefix + e.getKey();
      String[] path = e.getKey().substring(prefix.length()).split(separator);
      JsonObject node = tree;
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < path.length && node != null; i++) {
        String segment = findKey(node, path[i]);
        if (segment == null) {
          node = null;
          break;
        }
        key.append(i == 0 ? "" : ".").append(segment);
        Object current = node.getValue(segment);
        if (i < path.length - 1) {
          node = current instanceof JsonObject ? (JsonObject) current : null;
        } else if (current instanceof JsonObject) {
          node.getJsonObject(segment).mergeIn(known(parseObject(e.getValue(), key, origin),
              (JsonObject) current, key + ".", origin), true);
          origins.put(key.toString(), origin);
        } else {
          node.put(segment, e.getValue());
          origins.put(key.toString(), origin);
        }
      }
      if (node == null) {
        LOG.warn("Ignoring unknown config key {} (from {})", String.join(".", path), origin);
      }
    }
  }

  private static JsonObject parseObject(String raw, CharSequence key, String origin) {
    try {
      return new JsonObject(raw);
    } catch (DecodeException e) {
      throw new ConfigException("Config key " + key + " (from " + origin + ") must be a JSON object but is '"
          + raw + "'");
    }
  }

  private static String findKey(JsonObject node, String segment) {
    if (node.containsKey(segment)) {
      return segment;
    }
    return node.fieldNames().stream().filter(segment::equalsIgnoreCase).findFirst().orElse(null);
  }

  private static JsonObject bundled(String name) {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | DecodeException e) {
      throw new ConfigException("Cannot read bundled config " + name + ": " + e.getMessage());
    }
  }
}
