package dev.switchboard.gateway;

import dev.switchboard.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Cache-aside for the cached reads ({@code GET /users/{id}}, {@code GET /orders/{id}},
 * {@code GET /users/{id}/orders}): a hit answers from the cache, a miss asks the service and fills the
 * cache with a 200 answer — only if no write invalidated the entry meanwhile (the cache checks the version
 * its lookup saw). A request with {@code Cache-Control: no-cache} goes to the service without touching the
 * cache. Answers carry {@code X-Cache: HIT} or {@code MISS}.
 */
final class CachedReads {
  static final String HEADER = "X-Cache";
  private final ResponseCache cache;

  CachedReads(ResponseCache cache) {
    this.cache = cache;
  }

  Future<Reply> get(RoutingContext ctx, String resource, String variant, Supplier<Future<Reply>> load) {
    String control = ctx.request().getHeader("Cache-Control");
    if (control != null && control.toLowerCase(java.util.Locale.ROOT).contains("no-cache")) {
      ctx.response().putHeader(HEADER, "MISS");
      return load.get();
    }
    return cache.lookup(resource, variant).compose(lookup -> {
      if (lookup.hit()) {
        ctx.response().putHeader(HEADER, "HIT");
        return Future.succeededFuture(Reply.ok(Buffer.buffer(lookup.value())));
      }
      ctx.response().putHeader(HEADER, "MISS");
      return load.get().map(reply -> {
        if (reply.status() != 200 || lookup.bypassed()) {
          return reply;
        }
        Buffer encoded = encode(reply.body());
        cache.fill(resource, variant, lookup, encoded.toString());
        return new Reply(reply.status(), encoded, reply.location());
      });
    });
  }

  private static Buffer encode(Object body) {
    if (body instanceof Buffer buffer) {
      return buffer;
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer();
    }
    return ((JsonArray) body).toBuffer();
  }
}
