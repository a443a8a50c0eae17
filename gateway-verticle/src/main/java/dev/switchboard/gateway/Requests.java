package dev.switchboard.gateway;

import dev.switchboard.contract.JsonInput;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.Text;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** Reading what a client sent: the JSON object body and numeric query parameters. */
final class Requests {
  private Requests() {
  }

  /**
   * The body read by {@code rules} (the contract's rules for it), or a 400 listing every field that the
   * rules or the API contract ({@link ContractValidator}) refuse.
   */
  static <T> T body(RoutingContext ctx, Function<JsonObject, T> rules) {
    JsonObject json = json(ctx);
    JsonArray refused = ctx.remove(ContractValidator.REFUSED);
    T value;
    try {
      value = rules.apply(json);
    } catch (ServiceFailure f) {
      if (refused == null) {
        throw f;
      }
      // what the contract refused is a 400 whatever else the rules say (a 422 for a total, say)
      throw ServiceFailure.invalid(f.status() == 400 && f.errors() != null ? merged(f.errors(), refused) : refused);
    }
    if (refused != null) {
      throw ServiceFailure.invalid(refused);
    }
    return value;
  }

  /** The rules' errors, then the contract's for the fields the rules passed. */
  private static JsonArray merged(JsonArray rules, JsonArray contract) {
    JsonArray all = rules.copy();
    Set<String> fields = new HashSet<>();
    rules.forEach(e -> fields.add(((JsonObject) e).getString("field")));
    contract.forEach(e -> {
      if (fields.add(((JsonObject) e).getString("field"))) {
        all.add(e);
      }
    });
    return all;
  }

  /** The body as a JSON object, or a 400 saying why it is not one (see {@link JsonInput}). */
  private static JsonObject json(RoutingContext ctx) {
    JsonObject checked = ctx.get(ContractValidator.BODY);
    if (checked != null) {
      return checked;
    }
    try {
      return JsonInput.object(ctx.body().buffer());
    } catch (JsonInput.Invalid e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /**
   * First check of every request: its path and query must decode (percent-escapes complete and valid), so
   * that nothing later trips over a malformed escape; otherwise the request fails with a 400 and this
   * answers false.
   */
  static boolean uriDecodes(RoutingContext ctx) {
    try {
      URLDecoder.decode(ctx.request().path(), StandardCharsets.UTF_8);
      ctx.request().params();
      return true;
    } catch (IllegalArgumentException e) {
      ctx.fail(new BadRequest("The request path or query cannot be decoded: " + shown(String.valueOf(e.getMessage()))));
      return false;
    }
  }

  /**
   * A query parameter, or null; a query string that cannot be decoded (a bad percent-escape) or a value
   * that is not acceptable text is a 400 naming the parameter.
   */
  static String param(RoutingContext ctx, String name) {
    String raw;
    try {
      raw = ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("The query string is not valid: " + e.getMessage());
    }
    if (raw != null) {
      String violation = Text.violation(raw, false);
      if (violation != null) {
        throw new BadRequest("Query parameter " + name + " " + violation,
            new JsonArray().add(ServiceFailure.fieldError(name, name + " " + violation)));
      }
    }
    return raw;
  }

  /** An optional integer query parameter, or a 400 naming it. */
  static Integer intParam(RoutingContext ctx, String name) {
    String raw = param(ctx, name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      throw new BadRequest("Query parameter " + name + " must be an integer",
          new JsonArray().add(ServiceFailure.fieldError(name, name + " must be an integer, got '" + shown(raw) + "'")));
    }
  }

  /** A path id: an integer from 1 to 2147483647, or a 400 naming the parameter. */
  static int id(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id >= 1 && id <= Integer.MAX_VALUE) {
        return (int) id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest("The " + name + " in the path must be an integer from 1 to " + Integer.MAX_VALUE,
        new JsonArray().add(ServiceFailure.fieldError(name, name + " must be an integer from 1 to "
            + Integer.MAX_VALUE + ", got '" + shown(raw) + "'")));
  }

  /** A value echoed in an error, cut short: a client's 100 kB parameter does not come back whole. */
  static String shown(String raw) {
    return raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
  }

  /** The {@code limit} and {@code offset} query parameters given, as a JSON query for a listing. */
  static JsonObject page(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    Integer limit = intParam(ctx, "limit");
    Integer offset = intParam(ctx, "offset");
    if (limit != null) {
      query.put("limit", limit);
    }
    if (offset != null) {
      query.put("offset", offset);
    }
    return query;
  }
}
