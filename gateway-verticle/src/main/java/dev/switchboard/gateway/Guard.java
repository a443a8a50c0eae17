package dev.switchboard.gateway;

import dev.switchboard.contract.Access;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * What the gateway's handlers check themselves: who may read an answer the gateway serves from its cache
 * (the service, which checks every call, is not asked on a hit), the throttle on password changes, and the
 * audit trail. With auth off ({@link #open()}) it allows everything and throttles nothing.
 */
final class Guard {
  private final Access access;
  private final Throttle throttle;

  Guard(Access access, Throttle throttle) {
    this.access = access;
    this.throttle = throttle;
  }

  static Guard open() {
    return new Guard(Access.open(), null);
  }

  Access access() {
    return access;
  }

  /**
   * Runs {@code attempt} under the throttle of {@code account}: a 403 (a wrong current password) counts
   * against the caller's pair, a success clears it; every outcome goes to the audit trail as {@code action}.
   */
  <T> Future<T> throttled(RoutingContext ctx, String account, String action, Supplier<Future<T>> attempt) {
    Future<Void> admitted = throttle == null || !access.isEnforced() ? Future.succeededFuture()
        : throttle.admit(account, ctx);
    return admitted.compose(v -> attempt.get()).andThen(ar -> {
      if (ar.succeeded()) {
        if (throttle != null) {
          throttle.succeeded(account, ctx);
        }
        Audit.record(ctx, action, "success", account);
      } else {
        boolean wrong = ar.cause() instanceof ServiceFailure f && (f.status() == 401 || f.status() == 403);
        if (wrong && throttle != null) {
          throttle.failed(account, ctx);
        }
        Audit.record(ctx, action, outcome(ar.cause()), account);
      }
    });
  }

  /** Audits {@code action} once it completed. */
  <T> Future<T> audited(RoutingContext ctx, String action, String subject, Future<T> done) {
    return done.andThen(ar -> Audit.record(ctx, action, ar.succeeded() ? "success" : outcome(ar.cause()), subject));
  }

  static String outcome(Throwable failure) {
    if (failure instanceof Throttle.Refused) {
      return "throttled";
    }
    return failure instanceof ServiceFailure f ? "refused " + f.status() : "failed";
  }
}
