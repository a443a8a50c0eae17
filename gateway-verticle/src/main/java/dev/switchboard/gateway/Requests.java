package dev.switchboard.gateway;

import dev.switchboard.shared.contract.ServiceFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading what a client sent: the JSON object body and numeric query parameters. */
final class Requests {
  private Requests() {
  }

  /** The body as a JSON object, or a 400 saying why it is not one. */
  static JsonObject jsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new BadRequest("The request body must be a JSON object");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new BadRequest("The request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject json)) {
      throw new BadRequest("The request body must be a JSON object");
    }
    return json;
  }

  /** An optional integer query parameter, or a 400 naming it. */
  static Integer intParam(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      throw new BadRequest("Query parameter " + name + " must be an integer",
          new JsonArray().add(ServiceFailure.fieldError(name, name + " must be an integer, got '" + raw + "'")));
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
            + Integer.MAX_VALUE + ", got '" + raw + "'")));
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
