package dev.switchboard.gateway;

import dev.switchboard.platform.FailureClass;
import dev.switchboard.contract.ServiceClient;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Service;
import dev.switchboard.platform.ops.Health;
import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A circuit breaker ({@code vertx-circuit-breaker}) in front of each service, one per gateway verticle:
 * after {@code calls.breakerFailures} calls in a row that timed out or found the service unavailable (a 4xx
 * is an answer, not a failure; any answer between two failures starts the count again) it opens, and calls
 * fail at once with 503 and {@code Retry-After} instead of each waiting for the call timeout. A failure of a
 * call that began before the service's last answer does not count: it tells nothing newer than that answer
 * (the calls that were on an instance when it died all time out together, while another instance has been
 * answering since — they must not open the circuit for the service as a whole); after
 * {@code calls.breakerResetMs} one call goes through (half-open),
 * and the circuit closes when it succeeds. Their states show in {@code /ready} (check {@code circuits}) and
 * as {@code switchboard_circuits_open{service}}; one registry per process.
 */
final class Circuits {
  private final SwitchboardConfig.Calls calls;
  private final Map<Service, List<CircuitBreaker>> breakers = new ConcurrentHashMap<>();

  Circuits(SwitchboardConfig.Calls calls, Health health) {
    this.calls = calls;
    health.register("circuits", () -> Future.succeededFuture(Status.OK(state())));
  }

  /** Wraps {@code client} in a breaker of its own, for one verticle. */
  ServiceClient guard(Vertx vertx, Service service, ServiceClient client) {
    CircuitBreaker breaker = CircuitBreaker.create("switchboard-" + service.serviceName(), vertx,
        new CircuitBreakerOptions()
            .setMaxFailures(calls.breakerFailures())
            .setTimeout(-1)
            .setResetTimeout(calls.breakerReset().toMillis())
            .setFailuresRollingWindow(Math.max(10_000, calls.breakerReset().toMillis() * 2))
            .setNotificationAddress(null));
    List<CircuitBreaker> own = breakers.computeIfAbsent(service, s -> {
      List<CircuitBreaker> created = new CopyOnWriteArrayList<>();
      Gauge.builder("switchboard.circuits.open", created, list -> list.stream()
              .filter(b -> b.state() != CircuitBreakerState.CLOSED).count())
          .description("Gateway circuit breakers not closed, by service").tag("service", s.serviceName())
          .register(Metrics.registry());
      return created;
    });
    own.add(breaker);
    long retryAfter = Math.max(1, (calls.breakerReset().toMillis() + 999) / 1000);
    long[] lastAnswer = {System.nanoTime()};
    breaker.<Object>failurePolicy(done -> done.failed() && !(done.cause() instanceof Stale)
        && FailureClass.of(done.cause()) == FailureClass.TRANSIENT);
    return (action, body, requestId) -> breaker.<JsonObject>execute(() -> {
          long started = System.nanoTime();
          return client.request(action, body, requestId).transform(ar -> {
            if (ar.succeeded() || FailureClass.of(ar.cause()) == FailureClass.PERMANENT) {
              lastAnswer[0] = System.nanoTime();
              return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
            }
            return Future.failedFuture(started - lastAnswer[0] < 0 ? new Stale(ar.cause()) : ar.cause());
          });
        })
        .recover(e -> Future.failedFuture(e instanceof Stale stale ? stale.getCause() : e))
        .andThen(ar -> {
          // failures count only in a row: one answer in between (another instance of the service that
          // still works, say) starts the count again, so a partial failure never opens the circuit
          boolean answered = ar.succeeded() || FailureClass.of(ar.cause()) == FailureClass.PERMANENT;
          if (answered && breaker.state() == CircuitBreakerState.CLOSED && breaker.failureCount() > 0) {
            breaker.reset();
          }
        })
        .recover(e -> Future.failedFuture(e instanceof OpenCircuitException
            ? new CircuitOpen(service, retryAfter) : e));
  }

  private JsonObject state() {
    JsonObject state = new JsonObject();
    breakers.forEach((service, list) -> {
      long open = list.stream().filter(b -> b.state() == CircuitBreakerState.OPEN).count();
      long halfOpen = list.stream().filter(b -> b.state() == CircuitBreakerState.HALF_OPEN).count();
      state.put(service.serviceName(), open > 0 ? "OPEN" : halfOpen > 0 ? "HALF_OPEN" : "CLOSED");
    });
    return state;
  }

  /** A transient failure of a call that began before the service's last answer: not counted, then unwrapped. */
  private static final class Stale extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stale(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** A call not made because the service's circuit is open: a 503 that says when to retry. */
  static final class CircuitOpen extends ReplyException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    CircuitOpen(Service service, long retryAfterSeconds) {
      super(ReplyFailure.RECIPIENT_FAILURE, 503, "The " + service.serviceName() + " service is not available: its"
          + " last calls failed, so calls to it are paused for " + retryAfterSeconds + " s", true);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
