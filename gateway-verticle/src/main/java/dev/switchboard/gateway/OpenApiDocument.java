package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's contract, {@code openapi.yaml} in the gateway jar: served as it is at {@code GET /openapi.yaml}
 * and as JSON at {@code GET /openapi.json}. Reading it reads the jar: do it off the event loop, once.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi.yaml";
  /**
   * Media types vertx-openapi 5.0 does not validate, and the base type it validates them as: problem bodies
   * are JSON, the document's own YAML form is text.
   */
  private static final Map<String, String> VALIDATED_AS = Map.of("application/problem+json", "application/json",
      "application/yaml", "text/plain", "text/html", "text/plain", "text/event-stream", "text/plain");

  private final String yaml;
  private final JsonObject json;

  private OpenApiDocument(String yaml, JsonObject json) {
    this.yaml = yaml;
    this.json = json;
  }

  static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The gateway jar holds no " + RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      return new OpenApiDocument(text, new JsonObject(Json.normalise(tree)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String yaml() {
    return yaml;
  }

  JsonObject json() {
    return json.copy();
  }

  /** The document with every media type as vertx-openapi 5.0 validates it (see {@link #VALIDATED_AS}). */
  JsonObject forValidation() {
    return (JsonObject) rename(json.copy());
  }

  void mount(Router router) {
    String encoded = json.encode();
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml")
        .putHeader("cache-control", "public, max-age=60").end(yaml));
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .putHeader("cache-control", "public, max-age=60").end(encoded));
  }

  private static Object rename(Object node) {
    if (node instanceof JsonObject object) {
      JsonObject renamed = new JsonObject();
      for (Map.Entry<String, Object> e : object) {
        renamed.put(VALIDATED_AS.getOrDefault(e.getKey(), e.getKey()), rename(e.getValue()));
      }
      return renamed;
    }
    if (node instanceof JsonArray array) {
      JsonArray renamed = new JsonArray();
      array.forEach(item -> renamed.add(rename(item)));
      return renamed;
    }
    return node;
  }

  /** YAML's maps and lists as Vert.x JSON (keys as strings: response codes, say). */
  private static final class Json {
    @SuppressWarnings("unchecked")
    static Map<String, Object> normalise(Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
      return out;
    }

    private static Object value(Object v) {
      if (v instanceof Map<?, ?> m) {
        return new JsonObject(normalise(m));
      }
      if (v instanceof List<?> l) {
        JsonArray array = new JsonArray();
        l.forEach(item -> array.add(value(item)));
        return array;
      }
      return v;
    }
  }
}
