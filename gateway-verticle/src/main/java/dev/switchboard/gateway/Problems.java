package dev.switchboard.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details ({@code application/problem+json}). */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {
  }

  /** The problem body for a status, detail and (optional) failing fields. */
  static JsonObject body(RoutingContext ctx, int status, String detail, JsonArray errors) {
    return body(ctx.request().path(), RequestIds.of(ctx), status, detail, errors);
  }

  static JsonObject body(String instance, String requestId, int status, String detail, JsonArray errors) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail)
        .put("instance", instance);
    if (errors != null && !errors.isEmpty()) {
      problem.put("errors", errors);
    }
    if (requestId != null) {
      problem.put("requestId", requestId);
    }
    return problem;
  }

  static void send(RoutingContext ctx, JsonObject problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status = problem.getInteger("status");
    if (status == 503 && !ctx.response().headers().contains("retry-after")) {
      ctx.response().putHeader("retry-after", "1");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", CONTENT_TYPE)
        .end(problem.encode());
  }
}
