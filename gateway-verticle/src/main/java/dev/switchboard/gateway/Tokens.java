package dev.switchboard.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.contract.Principal;
import dev.switchboard.contract.user.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens through vertx-auth-jwt: RS256, {@code sub} = the user id, {@code roles}, {@code iat},
 * {@code exp}, {@code iss}, {@code aud}, {@code jti}. Verification checks the signature against the key the
 * token's {@code kid} names ({@code alg: none}, another key or an unknown kid fail), the expiry and
 * {@code iss}/{@code aud}.
 */
final class Tokens {
  static final String ROLES = "roles";
  /** How long a verified token is taken on trust without checking its signature again (never past its exp). */
  private static final long TRUSTED_MS = 60_000;
  private final JWTAuth jwt;
  private final AuthSettings settings;
  /**
   * Tokens this verticle verified lately, by their exact text: a client sends the same token on each request
   * for its lifetime, and the RS256 check costs ~40 µs of CPU each time (bench scenario 2a). An entry is the
   * token's own claims; a changed byte is another key, so nothing unverified is ever accepted.
   */
  private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(50_000)
      .expireAfterWrite(Duration.ofMillis(TRUSTED_MS)).build();

  private record Verified(Principal principal, long expiresAtMs) {
  }

  Tokens(Vertx vertx, AuthSettings settings, SigningKeys keys) {
    this.settings = settings;
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setIssuer(settings.issuer()).setAudience(List.of(settings.audience())));
    keys.options().forEach(options::addPubSecKey);
    this.jwt = JWTAuth.create(vertx, options);
  }

  /** A signed access token for the session's user. */
  String issue(Session session) {
    JsonObject claims = new JsonObject().put(ROLES, new JsonArray(List.copyOf(session.roles())))
        .put("jti", UUID.randomUUID().toString());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(SigningKeys.ALGORITHM)
        .setSubject(Integer.toString(session.userId())).setIssuer(settings.issuer())
        .setAudience(List.of(settings.audience())).setExpiresInSeconds((int) settings.accessTtl().toSeconds()));
  }

  long expiresInSeconds() {
    return settings.accessTtl().toSeconds();
  }

  /** The principal a valid token names; fails for any token that is not valid now. */
  Future<Principal> verify(String token) {
    Verified known = verified.getIfPresent(token);
    if (known != null && known.expiresAtMs() > System.currentTimeMillis()) {
      return Future.succeededFuture(known.principal());
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.principal();
      String subject = claims.getString("sub");
      if (subject == null || !subject.matches("[0-9]{1,10}")) {
        throw new IllegalArgumentException("The token names no user");
      }
      Set<String> roles = new LinkedHashSet<>();
      Object value = claims.getValue(ROLES);
      if (value instanceof JsonArray array) {
        array.forEach(role -> roles.add(String.valueOf(role)));
      }
      Principal principal = new Principal(subject, roles);
      // vertx-auth keeps exp among the user's attributes (and may drop it from the principal)
      Long exp = claims.getLong("exp", user.attributes().getLong("exp"));
      if (exp == null && user.attributes().getJsonObject("accessToken") != null) {
        exp = user.attributes().getJsonObject("accessToken").getLong("exp");
      }
      if (exp != null) {
        verified.put(token, new Verified(principal, exp * 1000));
      }
      return principal;
    });
  }
}
