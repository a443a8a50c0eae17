package dev.switchboard.messaging.bus;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.contract.ServiceFailures;

import dev.switchboard.contract.Service;
import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every call a client makes: {@code switchboard_calls_seconds{service, action, transport, outcome}},
 * the outcome being the HTTP status the result means (200, 404, 503, 504 …).
 */
public final class MeteredServiceClient implements ServiceClient {
  private final ServiceClient delegate;
  private final Service service;
  private final String transport;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public MeteredServiceClient(ServiceClient delegate, Service service, String transport) {
    this.delegate = delegate;
    this.service = service;
    this.transport = transport;
  }

  @Override
  public Future<JsonObject> request(String action, JsonObject body, String traceId) {
    long start = System.nanoTime();
    return delegate.request(action, body, traceId).andThen(ar -> {
      String outcome = ar.succeeded() ? "200"
          : ar.cause() instanceof ReplyException reply ? Integer.toString(ServiceFailures.fromReply(reply).status())
          : "500";
      timers.computeIfAbsent(action + ' ' + outcome, key -> Timer.builder("switchboard.calls")
              .description("Calls to services by service, action, transport and outcome")
              .tag("service", service.serviceName()).tag("action", action).tag("transport", transport)
              .tag("outcome", outcome)
              .publishPercentileHistogram()
              .register(Metrics.registry()))
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
  }
}
