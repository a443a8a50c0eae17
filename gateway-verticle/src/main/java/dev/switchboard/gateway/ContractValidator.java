package dev.switchboard.gateway;

import dev.switchboard.contract.JsonInput;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enforces {@code openapi.yaml} on the requests the gateway takes: path and query parameters and the JSON
 * body of each operation are checked against the contract's schemas (types, required fields, lengths,
 * patterns, enums, bounds) with vertx-openapi's model and vertx-json-schema's validators, and every failing
 * field comes back at once, as the same 400 the contract's rules give. Rules a schema cannot say (CPF check
 * digits, a user that exists) stay with those rules, which still run after this.
 *
 * <p>It validates on the event loop: a schema check of a small body takes microseconds, and vertx-openapi's
 * own {@code RequestValidator} would hop to a worker thread and back for every request (it runs
 * {@code executeBlocking}), and stops at the first failing parameter. A parameter whose schema is a plain
 * primitive (a type with bounds, lengths, a pattern or an enum — all but the intake's request id, which has a
 * {@code format}) is checked by
 * {@link Primitive}, compiled once from the same schema: the general validator cost a cached read a fifth of
 * its throughput. {@code ContractValidatorTest} holds the two to the same verdicts.
 */
final class ContractValidator {
  /** Where the parsed body is kept for the handler, so that it is parsed once. */
  static final String BODY = "switchboard.body";
  /**
   * Where the body's contract violations wait for the handler: it runs the contract's rules too, so that
   * the 400 lists the fields both refuse ({@link Requests#body}).
   */
  static final String REFUSED = "switchboard.body.refused";
  private static final Pattern REQUIRED = Pattern.compile("required property \"(.*)\"");
  private static final Pattern EXPECTED = Pattern.compile("Instance type (\\S+) is invalid\\. Expected (.+)");
  private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(Style.SIMPLE, new SimpleTransformer(),
      Style.FORM, new FormTransformer());

  private final OpenAPIContract contract;

  ContractValidator(OpenAPIContract contract) {
    this.contract = contract;
  }

  /** The checks of the operation at {@code path} (a Vert.x route path), or null when the contract has none. */
  Check check(HttpMethod method, String routePath) {
    String path = routePath.replaceAll(":(\\w+)", "{$1}");
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (Operation operation : contract.operations()) {
      if (operation.getHttpMethod().equals(method) && operation.getOpenAPIPath().equals(path)) {
        return new Check(operation);
      }
    }
    return null;
  }

  /** The checks of one operation, made once when its route is mounted. */
  final class Check {
    private final List<ParameterCheck> parameters = new ArrayList<>();
    private final Validator body;
    private final JsonSchema bodySchema;
    private final FlatObject flatBody;
    private final boolean bodyRequired;

    private Check(Operation operation) {
      for (Parameter parameter : operation.getParameters()) {
        if (parameter.getIn() == Location.PATH || parameter.getIn() == Location.QUERY) {
          parameters.add(new ParameterCheck(parameter, contract.getSchemaRepository().validator(parameter.getSchema())));
        }
      }
      MediaType json = operation.getRequestBody() == null ? null
          : operation.getRequestBody().getContent().get("application/json");
      bodySchema = json == null ? null : json.getSchema();
      body = bodySchema == null ? null : contract.getSchemaRepository().validator(bodySchema);
      flatBody = bodySchema == null ? null : FlatObject.of(bodySchema);
      bodyRequired = json != null && operation.getRequestBody().isRequired();
    }

    /**
     * Checks the request. A parameter the contract refuses fails it at once with a 400 listing every such
     * field; the body's violations are left for the handler to add to those of the rules. A body that is
     * not JSON at all is refused as before (by {@link JsonInput}).
     */
    void validate(RoutingContext ctx) {
      Map<String, String> errors = new LinkedHashMap<>();
      for (ParameterCheck p : parameters) {
        p.validate(ctx, errors);
      }
      boolean parametersFailed = !errors.isEmpty();
      if (body != null && (bodyRequired || ctx.body().length() > 0)) {
        JsonObject parsed;
        try {
          parsed = JsonInput.object(ctx.body().buffer());
        } catch (JsonInput.Invalid e) {
          throw new BadRequest(e.getMessage());
        }
        ctx.put(BODY, parsed);
        Map<String, String> refused = new LinkedHashMap<>();
        JsonObject checked = withoutNulls(parsed);
        // a body the compiled check finds valid is valid; any other goes to the general validator, whose
        // errors the 400 lists
        if (flatBody == null || !flatBody.valid(checked)) {
          collect(body.validate(checked), bodySchema, "", refused);
        }
        if (!parametersFailed) {
          if (!refused.isEmpty()) {
            ctx.put(REFUSED, list(refused));
          }
          return;
        }
        refused.forEach(errors::putIfAbsent);
      }
      if (!errors.isEmpty()) {
        throw ServiceFailure.invalid(list(errors));
      }
    }
  }

  /** The rules read a member given as null as absent: so does the check (on a copy; the body stays as sent). */
  private static JsonObject withoutNulls(JsonObject body) {
    if (!body.getMap().containsValue(null)) {
      return body;
    }
    JsonObject copy = body.copy();
    copy.getMap().values().removeIf(java.util.Objects::isNull);
    return copy;
  }

  private static JsonArray list(Map<String, String> errors) {
    JsonArray list = new JsonArray();
    errors.forEach((field, message) -> list.add(ServiceFailure.fieldError(field, message)));
    return list;
  }

  /**
   * A parameter schema of only {@code type} (integer, number, string or boolean), {@code minimum},
   * {@code maximum}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code enum} (and the
   * annotations {@code default}, {@code description}), checked without the general validator; null for any
   * other schema.
   */
  record Primitive(String type, Number minimum, Number maximum, Integer minLength, Integer maxLength,
                   Pattern pattern, JsonArray values, JsonObject schema) {
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("type", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "enum", "default", "description");

    static Primitive of(JsonSchema schema) {
      if (!(schema instanceof JsonObject json) || !KEYWORDS.containsAll(json.fieldNames())
          || !(json.getValue("type") instanceof String type)
          || !java.util.Set.of("integer", "number", "string", "boolean").contains(type)) {
        return null;
      }
      return new Primitive(type, json.getNumber("minimum"), json.getNumber("maximum"), json.getInteger("minLength"),
          json.getInteger("maxLength"), json.containsKey("pattern") ? Pattern.compile(json.getString("pattern")) : null,
          json.getJsonArray("enum"), json);
    }

    /** The failing keyword, or null when {@code value} is valid. */
    String violation(Object value) {
      switch (type) {
        case "integer":
          if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
              || Double.isInfinite(n.doubleValue())) {
            return "type";
          }
          break;
        case "number":
          if (!(value instanceof Number)) {
            return "type";
          }
          break;
        case "string":
          if (!(value instanceof String)) {
            return "type";
          }
          break;
        default:
          if (!(value instanceof Boolean)) {
            return "type";
          }
      }
      if (value instanceof Number n) {
        if (minimum != null && n.doubleValue() < minimum.doubleValue()) {
          return "minimum";
        }
        if (maximum != null && n.doubleValue() > maximum.doubleValue()) {
          return "maximum";
        }
      }
      if (value instanceof String s) {
        int length = s.codePointCount(0, s.length());
        if (minLength != null && length < minLength) {
          return "minLength";
        }
        if (maxLength != null && length > maxLength) {
          return "maxLength";
        }
        if (pattern != null && !pattern.matcher(s).find()) {
          return "pattern";
        }
      }
      if (values != null && values.stream().noneMatch(v -> v.equals(value)
          || (v instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue()))) {
        return "enum";
      }
      return null;
    }

    private static String typeOf(Object value) {
      return value instanceof Number ? "number" : value instanceof String ? "string" : value instanceof Boolean
          ? "boolean" : value == null ? "null" : value instanceof JsonArray ? "array" : "object";
    }
  }

  /**
   * A body schema of only {@code type: object}, {@code required}, {@code additionalProperties} (absent,
   * true or false), and {@code properties} each a {@link Primitive} (and the annotations {@code description},
   * {@code title}): a body it finds valid is one the general validator finds valid, so that path skips the
   * general validator; null for any other schema. It only ever says "valid": a body it refuses goes to the
   * general validator for the errors.
   */
  record FlatObject(Map<String, Primitive> properties, List<String> required, boolean closed) {
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("type", "required", "properties",
        "additionalProperties", "description", "title");

    static FlatObject of(JsonSchema schema) {
      if (!(schema instanceof JsonObject json) || !KEYWORDS.containsAll(json.fieldNames())
          || !"object".equals(json.getValue("type"))) {
        return null;
      }
      Object additional = json.getValue("additionalProperties", Boolean.TRUE);
      if (!(additional instanceof Boolean open)) {
        return null;
      }
      Map<String, Primitive> properties = new LinkedHashMap<>();
      Object declared = json.getValue("properties", new JsonObject());
      if (!(declared instanceof JsonObject props)) {
        return null;
      }
      for (String name : props.fieldNames()) {
        Primitive primitive = props.getValue(name) instanceof JsonObject p ? Primitive.of(JsonSchema.of(p)) : null;
        if (primitive == null) {
          return null;
        }
        properties.put(name, primitive);
      }
      List<String> required = new ArrayList<>();
      Object listed = json.getValue("required", new JsonArray());
      if (!(listed instanceof JsonArray names)) {
        return null;
      }
      for (Object name : names) {
        if (!(name instanceof String n)) {
          return null;
        }
        required.add(n);
      }
      return new FlatObject(properties, required, !open);
    }

    /** Whether {@code body} (its null members removed) is valid; false also when unsure. */
    boolean valid(JsonObject body) {
      for (String name : required) {
        if (body.getValue(name) == null) {
          return false;
        }
      }
      for (Map.Entry<String, Object> member : body) {
        Primitive primitive = properties.get(member.getKey());
        if (primitive == null ? closed : primitive.violation(member.getValue()) != null) {
          return false;
        }
      }
      return true;
    }
  }

  private record ParameterCheck(Parameter parameter, Validator validator, Primitive primitive) {
    ParameterCheck(Parameter parameter, Validator validator) {
      this(parameter, validator, Primitive.of(parameter.getSchema()));
    }

    void validate(RoutingContext ctx, Map<String, String> errors) {
      String name = parameter.getName();
      String raw = parameter.getIn() == Location.PATH ? ctx.pathParam(name) : Requests.param(ctx, name);
      if (raw == null || (raw.isEmpty() && parameter.getIn() == Location.QUERY)) {
        if (parameter.isRequired()) {
          errors.putIfAbsent(name, name + " is required");
        }
        return;
      }
      String trimmed = raw.trim();
      Object value;
      if (primitive != null && "integer".equals(primitive.type()) && isDigits(trimmed)) {
        // decimal digits, with a sign or leading zeros as the source system took them ("007", "+7"), read as
        // the number they are (JSON decoding would leave those as text)
        long parsed = Long.parseLong(trimmed);
        value = parsed == (int) parsed ? (Object) (int) parsed : (Object) parsed;
      } else {
        try {
          ParameterTransformer transformer = TRANSFORMERS.getOrDefault(parameter.getStyle(), TRANSFORMERS.get(Style.SIMPLE));
          value = transformer.transform(parameter, trimmed);
        } catch (ValidatorException | IllegalArgumentException e) {
          errors.putIfAbsent(name, name + " cannot be read as " + parameter.getSchemaType().name().toLowerCase()
              + ", got '" + Requests.shown(raw) + "'");
          return;
        }
      }
      if (primitive != null) {
        String keyword = primitive.violation(value);
        if (keyword != null) {
          errors.putIfAbsent(name, ("type".equals(keyword)
              ? name + " must be " + article(primitive.type()) + ", not " + article(Primitive.typeOf(value))
              : message(name, keyword, primitive.schema().getValue(keyword), keyword))
              + ", got '" + Requests.shown(raw) + "'");
        }
        return;
      }
      Map<String, String> found = new LinkedHashMap<>();
      collect(validator.validate(value), parameter.getSchema(), name, found);
      found.forEach((field, message) -> errors.putIfAbsent(field, message + ", got '" + Requests.shown(raw) + "'"));
    }

    /** An optional sign and 1 to 18 ASCII digits: a long. */
    private static boolean isDigits(String text) {
      int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
      if (text.length() == start || text.length() - start > 18) {
        return false;
      }
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Adds one message per failing field (the most precise the validator gave), named by its JSON path
   * ({@code items[0].price}, or {@code prefix} for a parameter).
   */
  private static void collect(OutputUnit result, JsonSchema schema, String prefix, Map<String, String> errors) {
    if (Boolean.TRUE.equals(result.getValid()) || result.getErrors() == null) {
      return;
    }
    Map<String, String> wrappers = new LinkedHashMap<>();
    for (OutputUnit error : result.getErrors()) {
      String keywordLocation = error.getKeywordLocation();
      String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
      String field = field(prefix, error.getInstanceLocation());
      if ("required".equals(keyword)) {
        Matcher m = REQUIRED.matcher(error.getError());
        String missing = m.find() ? join(field, m.group(1)) : field;
        errors.putIfAbsent(missing, missing + " is required");
      } else if ("properties".equals(keyword) || "items".equals(keyword) || "$ref".equals(keyword)) {
        wrappers.putIfAbsent(field, field + " does not match the contract");
      } else {
        errors.putIfAbsent(field.isEmpty() ? "body" : field, message(field.isEmpty() ? "body" : field, keyword,
            keywordValue(schema, keywordLocation), error.getError()));
      }
    }
    wrappers.forEach(errors::putIfAbsent);
  }

  private static String message(String field, String keyword, Object expected, String fallback) {
    switch (keyword) {
      case "type":
        Matcher m = EXPECTED.matcher(fallback);
        return m.find() ? field + " must be " + article(m.group(2)) + ", not " + article(m.group(1))
            : field + " must be of type " + expected;
      case "minLength":
        return field + " must be at least " + expected + " characters";
      case "maxLength":
        return field + " must be at most " + expected + " characters";
      case "pattern":
        return field + " must match " + expected;
      case "enum":
        return field + " must be one of " + expected;
      case "minimum":
        return field + " must be at least " + expected;
      case "maximum":
        return field + " must be at most " + expected;
      case "minProperties":
        return field + " must give at least " + expected + " field(s)";
      case "additionalProperties":
        return field + " is not a known field";
      default:
        return field + ": " + fallback;
    }
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "object", "array" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  private static Object keywordValue(JsonSchema schema, String keywordLocation) {
    if (!(schema instanceof JsonObject json) || !keywordLocation.startsWith("#")) {
      return "the contract";
    }
    try {
      Object value = JsonPointer.from(keywordLocation.substring(1)).queryJson(json);
      return value == null ? "the contract" : value;
    } catch (IllegalArgumentException e) {
      return "the contract";
    }
  }

  /** {@code #/items/0/price} → {@code items[0].price}, after {@code prefix}. */
  private static String field(String prefix, String instanceLocation) {
    String path = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    StringBuilder field = new StringBuilder(prefix);
    for (String token : path.split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String name = token.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        field.append('[').append(name).append(']');
      } else {
        field.append(field.length() == 0 ? "" : ".").append(name);
      }
    }
    return field.toString();
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }
}
