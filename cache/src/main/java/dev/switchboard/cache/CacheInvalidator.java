package dev.switchboard.cache;

import io.vertx.core.Future;
import java.util.List;

/**
 * The services' side of the cache: after a write commits and before its answer goes out, the service names
 * the cached answers the write changed (see {@link CacheKeys}). Never fails the write: an invalidation that
 * cannot reach the cache now is kept and replayed when it can, and until then the cache is bypassed.
 */
public interface CacheInvalidator {

  Future<Void> invalidate(List<String> resources);

  /** Opens what the calling verticle's event loop needs (a connection); call from its start. Never fails. */
  default Future<Void> open() {
    return Future.succeededFuture();
  }

  default Future<Void> invalidate(String... resources) {
    return invalidate(List.of(resources));
  }

  /** For processes that cache nothing and have no one to tell. */
  CacheInvalidator NONE = resources -> Future.succeededFuture();
}
