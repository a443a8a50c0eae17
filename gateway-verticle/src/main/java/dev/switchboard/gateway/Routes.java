package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Binds an operation ({@code RoutingContext → Future<Reply>}) to a route, answering in one of two
 * styles: REST (the reply as it is, failures as problem+json) or the source system's envelope
 * {@code {"Status": <status>, "Message": <the REST body>}} for its old route names. A 204 cannot carry
 * an envelope, so the envelope answer to a 204 goes out as HTTP 200 with {@code "Status": 204}.
 */
final class Routes {
  /** Where a request's operation is named, {@code "GET /users/:id"}, for the console's traffic. */
  static final String ROUTE = "switchboard.route";
  private final ErrorMapper errors;
  private final ContractValidator contract;

  /** @param contract the API contract every request is checked against first, or null for none */
  Routes(ErrorMapper errors, ContractValidator contract) {
    this.errors = errors;
    this.contract = contract;
  }

  void rest(Route route, Function<RoutingContext, Future<Reply>> operation) {
    ContractValidator.Check check = check(route);
    String name = name(route);
    route.handler(ctx -> run(check, operation, ctx.put(ROUTE, name)).onSuccess(reply -> send(ctx, reply))
        .onFailure(ctx::fail));
  }

  void envelope(Route route, Function<RoutingContext, Future<Reply>> operation) {
    ContractValidator.Check check = check(route);
    String name = name(route);
    route.handler(ctx -> run(check, operation, ctx.put(ROUTE, name)).onComplete(ar -> {
      if (ar.succeeded()) {
        Reply reply = ar.result();
        if (reply.location() != null) {
          ctx.response().putHeader("location", reply.location());
        }
        Object body = reply.body() instanceof Buffer encoded ? Json.decodeValue(encoded) : reply.body();
        sendEnvelope(ctx, reply.status(), body);
      } else {
        JsonObject problem = errors.problem(ctx, ar.cause());
        if (ar.cause() instanceof Circuits.CircuitOpen open) {
          ctx.response().putHeader("retry-after", Long.toString(open.retryAfterSeconds()));
        }
        sendEnvelope(ctx, problem.getInteger("status"), problem);
      }
    }));
  }

  private static String name(Route route) {
    String path = route.getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return (route.methods() == null ? "ANY" : route.methods().iterator().next().name()) + " " + path;
  }

  /** The contract's checks for the route's operation; a route the contract lacks is a mistake of ours. */
  private ContractValidator.Check check(Route route) {
    if (contract == null) {
      return null;
    }
    if (route.methods() == null || route.methods().size() != 1) {
      throw new IllegalStateException("A resource route has one method: " + route.getPath());
    }
    ContractValidator.Check check = contract.check(route.methods().iterator().next(), route.getPath());
    if (check == null) {
      throw new IllegalStateException("openapi.yaml does not describe " + route.methods() + " " + route.getPath());
    }
    return check;
  }

  private static Future<Reply> run(ContractValidator.Check check, Function<RoutingContext, Future<Reply>> operation,
                                   RoutingContext ctx) {
    try {
      if (check != null) {
        check.validate(ctx);
      }
      return operation.apply(ctx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static void send(RoutingContext ctx, Reply reply) {
    if (reply.location() != null) {
      ctx.response().putHeader("location", reply.location());
    }
    ctx.response().setStatusCode(reply.status());
    if (reply.body() == null) {
      ctx.response().end();
    } else {
      ctx.response().putHeader("content-type", "application/json").end(encode(reply.body()));
    }
  }

  private static void sendEnvelope(RoutingContext ctx, int status, Object message) {
    JsonObject envelope = new JsonObject().put("Status", status).put("Message", message);
    if (status == 503 && !ctx.response().headers().contains("retry-after")) {
      ctx.response().putHeader("retry-after", "1");
    }
    ctx.response()
        .setStatusCode(status == 204 ? 200 : status)
        .putHeader("content-type", "application/json")
        .end(envelope.encode());
  }

  private static Buffer encode(Object body) {
    if (body instanceof Buffer encoded) {
      return encoded;
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer();
    }
    if (body instanceof JsonArray array) {
      return array.toBuffer();
    }
    throw new IllegalArgumentException("Not JSON: " + body.getClass());
  }
}
