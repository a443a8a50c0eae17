package dev.switchboard.contract;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The trace id (the {@code x-request-id}) of the request being handled, kept in the local data of the duplicated context Vert.x
 * gives each HTTP request and each event-bus message (and that {@link #runWith} gives each queue message),
 * so it follows the request through every future composed while handling it, onto worker threads, and
 * into every log line ({@code %rid} in logback.xml). Vert.x 5 exposes that per-request storage only
 * through {@link ContextInternal}; this class is the one place that touches it.
 */
public final class RequestContext {
  private static final String KEY = "switchboard.request-id";
  private static final String CALL_KEY = "switchboard.call-id";
  private static final String PRINCIPAL_KEY = "switchboard.principal";

  private RequestContext() {
  }

  /** Records the trace id (the {@code x-request-id}) on the current request's context; ignored outside a request. */
  public static void setTraceId(String traceId) {
    Context context = Vertx.currentContext();
    if (traceId != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.localContextData().put(KEY, traceId);
    }
  }

  /**
   * Records the id of the call being served ({@link Headers#CALL_ID}: set by the RabbitMQ bridge, the same
   * for every delivery of one request), by which a non-idempotent action answers a redelivery with its first
   * answer; ignored outside a request.
   */
  public static void setCallId(String callId) {
    Context context = Vertx.currentContext();
    if (callId != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.localContextData().put(CALL_KEY, callId);
    }
  }

  /** Records who the current request is for (the gateway after verifying a token; a service from headers). */
  public static void setPrincipal(Principal principal) {
    Context context = Vertx.currentContext();
    if (principal != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.localContextData().put(PRINCIPAL_KEY, principal);
    }
  }

  /** Who the current request is for, or null (nobody signed in, or outside a request). */
  public static Principal principal() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      return (Principal) internal.localContextData().get(PRINCIPAL_KEY);
    }
    return null;
  }

  /** The id of the call being served, or null (a call over the event bus has none). */
  public static String callId() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      Object id = internal.localContextData().get(CALL_KEY);
      return id == null ? null : id.toString();
    }
    return null;
  }

  /** The current request's trace id (its {@code x-request-id}), or null outside a request. */
  public static String traceId() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      Object id = internal.localContextData().get(KEY);
      return id == null ? null : id.toString();
    }
    return null;
  }

  /**
   * Runs {@code work} on a fresh duplicate of {@code base} carrying the trace id {@code traceId} (for work that does not
   * arrive through HTTP or the event bus, such as a message from a queue).
   */
  public static void runWith(Context base, String traceId, Runnable work) {
    ContextInternal duplicate = ((ContextInternal) base).duplicate();
    if (traceId != null) {
      duplicate.localContextData().put(KEY, traceId);
    }
    duplicate.runOnContext(v -> work.run());
  }

  /**
   * Runs {@code work} now on the current event loop's own context rather than the current request's, for
   * work that outlives the request (timers, background probes): what it logs carries no request id.
   */
  public static void outsideRequest(Runnable work) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.unwrap().emit(v -> work.run());
    } else {
      work.run();
    }
  }

  /**
   * A promise whose listeners run on the caller's context, whatever thread completes it: code that
   * completes promises from a client library's threads keeps the request's context (and id) for what
   * follows.
   */
  public static <T> Promise<T> promise() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
  }
}
