package dev.switchboard.gateway;

import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.user.Credentials;
import dev.switchboard.contract.user.RefreshToken;
import dev.switchboard.contract.user.Session;
import dev.switchboard.contract.user.UserApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in: {@code POST /auth/login} (nick_name and password → an access token and a refresh token),
 * {@code POST /auth/refresh} (rotates the refresh token), {@code POST /auth/logout} (revokes its family) and
 * the public keys at {@code GET /.well-known/jwks.json}. Log-ins are throttled per (nick_name, client
 * address) and per address; every outcome is audited. With auth off these answer 404.
 */
final class AuthHandler {
  private final UserApi users;
  private final Tokens tokens;
  private final JsonObject jwks;
  private final Guard guard;

  /** @param tokens null when auth is off */
  AuthHandler(UserApi users, Tokens tokens, JsonObject jwks, Guard guard) {
    this.users = users;
    this.tokens = tokens;
    this.jwks = jwks;
    this.guard = guard;
  }

  void mount(Router router, Routes routes) {
    routes.rest(router.post("/auth/login"), this::login);
    routes.rest(router.post("/auth/refresh"), this::refresh);
    routes.rest(router.post("/auth/logout"), this::logout);
    routes.rest(router.get("/.well-known/jwks.json"), this::keys);
  }

  private Future<Reply> login(RoutingContext ctx) {
    on();
    Credentials credentials = Requests.body(ctx, Credentials::fromJson);
    return guard.throttled(ctx, credentials.nickName(), "auth.login", () -> users.signIn(credentials))
        .map(session -> tokens(ctx, session));
  }

  private Future<Reply> refresh(RoutingContext ctx) {
    on();
    RefreshToken token = Requests.body(ctx, RefreshToken::fromJson);
    return users.refresh(token)
        .andThen(ar -> Audit.record(ctx, "auth.refresh", ar.succeeded() ? "success" : Guard.outcome(ar.cause()),
            ar.succeeded() ? Integer.toString(ar.result().userId()) : null))
        .map(session -> tokens(ctx, session));
  }

  private Future<Reply> logout(RoutingContext ctx) {
    on();
    RefreshToken token = Requests.body(ctx, RefreshToken::fromJson);
    return guard.audited(ctx, "auth.logout", null, users.signOut(token)).map(v -> Reply.noContent());
  }

  private Future<Reply> keys(RoutingContext ctx) {
    on();
    ctx.response().putHeader("cache-control", "public, max-age=300");
    return Future.succeededFuture(Reply.ok(jwks));
  }

  private Reply tokens(RoutingContext ctx, Session session) {
    ctx.response().putHeader("cache-control", "no-store");
    return Reply.ok(new JsonObject()
        .put("access_token", tokens.issue(session))
        .put("token_type", "Bearer")
        .put("expires_in", tokens.expiresInSeconds())
        .put("refresh_token", session.refreshToken().value())
        .put("refresh_expires_in", session.refreshExpiresInSeconds()));
  }

  private void on() {
    if (tokens == null) {
      throw ServiceFailure.notFound("Sign-in is off on this system (auth.enabled is false)");
    }
  }
}
