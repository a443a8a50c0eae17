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
  private final ErrorMapper errors;

  Routes(ErrorMapper errors) {
    this.errors = errors;
  }

  void rest(Route route, Function<RoutingContext, Future<Reply>> operation) {
    route.handler(ctx -> run(operation, ctx).onSuccess(reply -> send(ctx, reply)).onFailure(ctx::fail));
  }

  void envelope(Route route, Function<RoutingContext, Future<Reply>> operation) {
    route.handler(ctx -> run(operation, ctx).onComplete(ar -> {
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

  private static Future<Reply> run(Function<RoutingContext, Future<Reply>> operation, RoutingContext ctx) {
    try {
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
