package dev.switchboard.gateway;

import dev.switchboard.shared.bus.ServiceFailures;
import dev.switchboard.shared.contract.ServiceFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: a service's failure keeps its code and client-safe message;
 * no service instance → 503; no answer in time → 504; a malformed body → 400; anything unexpected → 500
 * with the cause logged here and not shown.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {
  }

  /** Failure handler for every route. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      Problems.send(ctx, Problems.body(ctx, status, defaultDetail(status), null));
      return;
    }
    Problems.send(ctx, problem(ctx, failure));
  }

  /** The problem body a failure means. */
  static JsonObject problem(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ServiceFailure f) {
      return Problems.body(ctx, f.status(), f.detail(), f.errors());
    }
    if (failure instanceof ReplyException reply) {
      ServiceFailure f = ServiceFailures.fromReply(reply);
      return Problems.body(ctx, f.status(), f.detail(), f.errors());
    }
    if (failure instanceof BadRequest bad) {
      return Problems.body(ctx, 400, bad.getMessage(), bad.errors());
    }
    if (failure instanceof DecodeException) {
      return Problems.body(ctx, 400, "The request body is not valid JSON", null);
    }
    if (failure instanceof HttpException http) {
      return Problems.body(ctx, http.getStatusCode(), defaultDetail(http.getStatusCode()), null);
    }
    LOG.error("Unexpected failure on {} {} (request {})", ctx.request().method(), ctx.request().path(),
        RequestIds.of(ctx), failure);
    return Problems.body(ctx, 500, "Internal error", null);
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 404 -> "No such resource";
      case 405 -> "Method not allowed on this resource";
      case 413 -> "The request body is too large";
      case 415 -> "Unsupported media type";
      default -> status >= 500 ? "Internal error" : "Request failed";
    };
  }
}
