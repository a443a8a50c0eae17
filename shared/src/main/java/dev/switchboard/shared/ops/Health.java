package dev.switchboard.shared.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.function.Supplier;

/**
 * Liveness and readiness of a process. {@code GET /health} answers 200 while the process runs and its
 * event loop answers; {@code GET /ready} runs every registered check (PostgreSQL, RabbitMQ, each service
 * module…) and answers 503 when one is down, naming each check and its state.
 */
public final class Health {
  private static final long CHECK_TIMEOUT_MS = 2_000;
  private final HealthChecks checks;

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

  /** A check that is up while {@code up} says so, with {@code reason} explaining a down state. */
  public Health registerFlag(String name, Supplier<Boolean> up, Supplier<String> reason) {
    return register(name, () -> Future.succeededFuture(Boolean.TRUE.equals(up.get())
        ? Status.OK() : Status.KO(new JsonObject().put("reason", reason.get()))));
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(checks));
  }

  public HealthChecks checks() {
    return checks;
  }
}
