package dev.switchboard.gateway;

import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Headers;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane (1–64 of letters, digits,
 * {@code . _ -}), a new UUID otherwise. Returned on the response and carried to the services.
 */
final class RequestIds {
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {
  }

  static void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(Headers.REQUEST_ID);
    String id = given != null && SANE.matcher(given).matches() ? given : newId();
    RequestContext.setTraceId(id);
    ctx.put(Headers.REQUEST_ID, id);
    ctx.response().putHeader(Headers.REQUEST_ID, id);
    ctx.next();
  }

  /** A random (version 4) UUID; unique, not secret, so it needs no SecureRandom. */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  static String of(RoutingContext ctx) {
    return ctx.get(Headers.REQUEST_ID);
  }
}
