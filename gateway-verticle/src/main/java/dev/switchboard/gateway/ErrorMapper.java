package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceFailures;
import dev.switchboard.contract.ServiceFailure;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: a service's failure keeps its code and client-safe message;
 * no service instance → 503 (saying {@code starting} while this process's services are still starting);
 * no answer in time → 504; a malformed body → 400; anything unexpected → 500 with the cause logged here and
 * not shown. Every 503 carries {@code Retry-After}.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  private final BooleanSupplier starting;

  /** @param starting whether the services of this process are still starting */
  ErrorMapper(BooleanSupplier starting) {
    this.starting = starting;
  }

  /** Failure handler for every route. */
  void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof Circuits.CircuitOpen open && !ctx.response().headWritten()) {
      ctx.response().putHeader("retry-after", Long.toString(open.retryAfterSeconds()));
    }
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      Problems.send(ctx, Problems.body(ctx, status, defaultDetail(status), null));
      return;
    }
    Problems.send(ctx, problem(ctx, failure));
  }

  /**
   * The problem body a failure means; a 401 carries {@code WWW-Authenticate: Bearer}, a 429 {@code Retry-After}.
   */
  JsonObject problem(RoutingContext ctx, Throwable failure) {
    JsonObject problem = describe(ctx, failure);
    if (!ctx.response().headWritten()) {
      int status = problem.getInteger("status");
      if (status == 401 && !ctx.response().headers().contains("www-authenticate")) {
        ctx.response().putHeader("www-authenticate", Bearer.challenge(null));
      }
      if (failure instanceof Throttle.Refused refused) {
        ctx.response().putHeader("retry-after", Long.toString(refused.retryAfterSeconds()));
      }
    }
    return problem;
  }

  private JsonObject describe(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
        && starting.getAsBoolean()) {
      return Problems.body(ctx, 503, "The service is starting; retry in a moment", null);
    }
    if (failure instanceof ServiceFailure f) {
      return Problems.body(ctx, f.status(), f.detail(), f.errors());
    }
    if (failure instanceof ReplyException reply) {
      ServiceFailure f = ServiceFailures.fromReply(reply);
      return Problems.body(ctx, f.status(), f.detail(), f.errors());
    }
    if (failure instanceof Throttle.Refused refused) {
      return Problems.body(ctx, 429, refused.getMessage(), null);
    }
    if (failure instanceof BadRequest bad) {
      return Problems.body(ctx, 400, bad.getMessage(), bad.errors());
    }
    if (failure instanceof DecodeException) {
      return Problems.body(ctx, 400, "The request body is not valid JSON", null);
    }
    if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
      return Problems.body(ctx, 413, "The form has too many fields", null);
    }
    if (failure instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return Problems.body(ctx, 413, "A form field is too long", null);
    }
    if (failure instanceof HttpPostRequestDecoder.ErrorDataDecoderException
        || failure instanceof HttpPostRequestDecoder.NotEnoughDataDecoderException) {
      return Problems.body(ctx, 400, "The form body cannot be decoded", null);
    }
    if (failure instanceof java.io.IOException io) {
      // the only I/O a route does itself is reading the request body: the client's doing
      boolean tooLarge = String.valueOf(io.getMessage()).contains("exceed");
      return Problems.body(ctx, tooLarge ? 413 : 400, tooLarge ? "A form field is too long"
          : "The request body could not be read", null);
    }
    if (failure instanceof HttpException http) {
      return Problems.body(ctx, http.getStatusCode(), defaultDetail(http.getStatusCode()), null);
    }
    LOG.error("Unexpected failure on {} {} (request {})", ctx.request().method(), ctx.request().path(),
        RequestIds.of(ctx), failure);
    return Problems.body(ctx, 500, "Internal error", null);
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: a request the HTTP decoder refused (request line or
   * headers too long, not HTTP) is answered with what was wrong, as problem+json, and its connection
   * closed (what follows on it cannot be trusted).
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String detail = switch (status) {
      case 414 -> "The request line is too long";
      case 431 -> "The request headers are too large";
      default -> "The request is not valid HTTP";
    };
    request.response().setStatusCode(status).putHeader("content-type", Problems.CONTENT_TYPE)
        .putHeader("connection", "close")
        .end(Problems.body("", null, status, detail, null).encode())
        .onComplete(v -> request.connection().close());
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "The request is not valid (its path or query cannot be decoded)";
      case 404 -> "No such resource";
      case 405 -> "Method not allowed on this resource";
      case 408 -> "The request did not arrive in time";
      case 413 -> "The request body is too large";
      case 415 -> "Unsupported media type";
      default -> status >= 500 ? "Internal error" : "Request failed";
    };
  }
}
