package dev.switchboard.contract;

import io.vertx.core.Future;

/**
 * Who may do what, checked where the data lives (each service) and, for answers the gateway serves from its
 * cache, at the gateway too: a signed-in user acts on their own user and their own orders; an admin on any.
 * With {@code auth.enabled=false} ({@link #open()}) everything is allowed, as the source system did.
 */
public final class Access {
  private static final Access OPEN = new Access(false);
  private static final Access ENFORCED = new Access(true);
  private final boolean enforced;

  private Access(boolean enforced) {
    this.enforced = enforced;
  }

  public static Access open() {
    return OPEN;
  }

  public static Access enforced() {
    return ENFORCED;
  }

  public static Access of(boolean enforced) {
    return enforced ? ENFORCED : OPEN;
  }

  public boolean isEnforced() {
    return enforced;
  }

  /** Succeeds when the current call may act on user {@code userId}: that user or an admin. */
  public Future<Void> self(int userId) {
    return check(principal -> principal.is(userId) || principal.isAdmin(),
        "You may only act on your own user");
  }

  /** Succeeds when the current call may act on what belongs to user {@code ownerId}. */
  public Future<Void> owner(int ownerId) {
    return check(principal -> principal.is(ownerId) || principal.isAdmin(),
        "This belongs to another user");
  }

  /** Succeeds when someone is signed in (or access is open). */
  public Future<Void> signedIn() {
    return check(principal -> true, "");
  }

  /** Succeeds when the current call is an admin's. */
  public Future<Void> admin() {
    return check(Principal::isAdmin, "Only an admin may do this");
  }

  /** Whether the current call may see everything (auth off, or an admin). */
  public boolean seesAll() {
    Principal principal = RequestContext.principal();
    return !enforced || (principal != null && principal.isAdmin());
  }

  private Future<Void> check(java.util.function.Predicate<Principal> allowed, String refusal) {
    if (!enforced) {
      return Future.succeededFuture();
    }
    Principal principal = RequestContext.principal();
    if (principal == null) {
      return Future.failedFuture(ServiceFailure.unauthorized("Sign in first: this needs a bearer token"));
    }
    return allowed.test(principal) ? Future.succeededFuture() : Future.failedFuture(ServiceFailure.forbidden(refusal));
  }
}
