package dev.switchboard.cache;

import io.vertx.core.Future;

/**
 * The gateway's side of the cache (cache-aside, safe against the known race). A miss returns the version
 * the entry had when it was looked up; {@link #fill} stores a value only if no invalidation happened
 * since, so a slow read can never put back an answer a write already replaced.
 */
public interface ResponseCache {

  /** A lookup's result: the cached value (a hit), or a miss with the version to fill against. */
  record Lookup(String value, String version, boolean bypassed) {
    public boolean hit() {
      return value != null;
    }

    public static Lookup hit(String value) {
      return new Lookup(value, null, false);
    }

    public static Lookup miss(String version) {
      return new Lookup(null, version, false);
    }

    /** The cache cannot be used now (Redis down): go to the service and do not fill. */
    public static Lookup bypass() {
      return new Lookup(null, null, true);
    }
  }

  /**
   * Opens what the calling verticle's event loop needs to use the cache (a connection); call from its
   * start. Never fails: a cache that cannot be reached is bypassed until it can.
   */
  default Future<Void> open() {
    return Future.succeededFuture();
  }

  /** Never fails: a cache that cannot answer says {@link Lookup#bypass()}. */
  Future<Lookup> lookup(String resource, String variant);

  /** Stores the value if the entry's version is still {@code lookup.version()}; never fails. */
  Future<Void> fill(String resource, String variant, Lookup lookup, String value);
}
