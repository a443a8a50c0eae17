package dev.switchboard.gateway;

import dev.switchboard.contract.Principal;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization: Bearer <token>} on every request: a valid token makes its user the request's
 * principal (travelling on to the services); a missing one leaves the request anonymous (the services answer
 * 401 where a user is needed); a malformed, expired or badly signed one is answered 401 at once, with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}.
 */
final class Bearer {
  private static final String PREFIX = "bearer ";
  private final Tokens tokens;

  Bearer(Tokens tokens) {
    this.tokens = tokens;
  }

  static String challenge(String error) {
    return error == null ? "Bearer realm=\"switchboard\""
        : "Bearer realm=\"switchboard\", error=\"" + error + "\"";
  }

  void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header == null) {
      ctx.next();
      return;
    }
    if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      refuse(ctx, "The Authorization header must be 'Bearer <access token>'");
      return;
    }
    tokens.verify(header.substring(PREFIX.length()).trim()).onComplete(ar -> {
      if (ar.failed()) {
        refuse(ctx, "The access token is not valid (expired, malformed or not signed by this system)");
        return;
      }
      Principal principal = ar.result();
      ctx.put(Principal.class.getName(), principal);
      RequestContext.setPrincipal(principal);
      ctx.next();
    });
  }

  private static void refuse(RoutingContext ctx, String detail) {
    ctx.response().putHeader("www-authenticate", challenge("invalid_token"));
    ctx.fail(ServiceFailure.unauthorized(detail));
  }

  /** The principal of the request, or null. */
  static Principal of(RoutingContext ctx) {
    return ctx.get(Principal.class.getName());
  }
}
