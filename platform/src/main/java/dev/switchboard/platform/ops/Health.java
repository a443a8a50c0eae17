package dev.switchboard.platform.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Liveness and readiness of a process. {@code GET /health} answers 200 while the process runs and its
 * event loop answers; {@code GET /ready} runs every registered check (PostgreSQL, RabbitMQ, each service
 * module…) and answers 503 when one is down — tersely on the public port, naming each check and its state
 * on the operations port.
 */
public final class Health {
  private static final long CHECK_TIMEOUT_MS = 2_000;
  private final HealthChecks checks;
  private final Map<String, List<Supplier<Boolean>>> grouped = new HashMap<>();

  public Health(Vertx vertx) {
    this.checks = HealthChecks.create(vertx);
  }

  /** Registers a readiness check; the supplier's future yields the check's status. */
  public Health register(String name, Supplier<Future<Status>> check) {
    checks.register(name, CHECK_TIMEOUT_MS, promise -> {
      Future<Status> status;
      try {
        status = check.get();
      } catch (RuntimeException e) {
        status = Future.failedFuture(e);
      }
      status.onComplete(ar -> promise.complete(ar.succeeded() ? ar.result()
          : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
    });
    return this;
  }

  /**
   * Adds one member to the check {@code name} (registered with the first): the check is up while every
   * member is — one check for all the instances of a verticle, say.
   */
  public synchronized Health addToCheck(String name, Supplier<Boolean> up) {
    List<Supplier<Boolean>> members = grouped.get(name);
    if (members == null) {
      List<Supplier<Boolean>> created = new CopyOnWriteArrayList<>();
      grouped.put(name, created);
      members = created;
      registerFlag(name, () -> created.stream().allMatch(m -> Boolean.TRUE.equals(m.get())),
          () -> created.stream().filter(m -> !Boolean.TRUE.equals(m.get())).count() + " of " + created.size()
              + " not serving");
    }
    members.add(up);
    return this;
  }

  /** A check that is up while {@code up} says so, with {@code reason} explaining a down state. */
  public Health registerFlag(String name, Supplier<Boolean> up, Supplier<String> reason) {
    return register(name, () -> Future.succeededFuture(Boolean.TRUE.equals(up.get())
        ? Status.OK() : Status.KO(new JsonObject().put("reason", reason.get()))));
  }

  /** Each check of this process and its state, {@code {"postgres": "UP", "pong": "DOWN", …}}. */
  public Future<JsonObject> states() {
    return checks.checkStatus().map(result -> {
      JsonObject states = new JsonObject();
      if (result.getChecks() != null) {
        for (CheckResult check : result.getChecks()) {
          states.put(check.getId(), CheckResult.isUp(check) ? "UP" : "DOWN");
        }
      }
      return states;
    });
  }

  /**
   * The public port's view: {@code /health}, and a terse {@code /ready} that says only whether the process
   * serves ({@code {"status":"UP"}} 200, or {@code {"status":"DOWN"}} 503) — what each dependency is doing,
   * and why, is for operators ({@link #mountOps}).
   */
  public void mountPublic(Router router) {
    mountHealth(router);
    router.get("/ready").handler(ctx -> checks.checkStatus().onComplete(ar -> {
      boolean up = ar.succeeded() && CheckResult.isUp(ar.result());
      ctx.response().setStatusCode(up ? 200 : 503)
          .putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", up ? "UP" : "DOWN").encode());
    }));
  }

  /** The operations port's view: {@code /health} and the detailed {@code /ready}, naming each check. */
  public void mountOps(Router router) {
    mountHealth(router);
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(checks));
  }

  private static void mountHealth(Router router) {
    router.get("/health").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
  }
}
