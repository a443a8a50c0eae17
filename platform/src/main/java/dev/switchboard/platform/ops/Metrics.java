package dev.switchboard.platform.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;

/**
 * Metrics through Micrometer ({@code vertx-micrometer-metrics}): Vert.x's own (HTTP server requests by route
 * and status with latency histograms, event bus, pools, JVM) plus the system's ({@code switchboard_*}: calls
 * to services, queue messages, cache results), scraped in Prometheus text format at {@code GET /metrics}.
 */
public final class Metrics {
  private static final MeterRegistry WITHOUT_METRICS = new SimpleMeterRegistry();

  private Metrics() {
  }

  /** The options every Switchboard process starts Vert.x with. */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS, Label.EB_SIDE,
            Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
  }

  /** Where to register meters: the Vert.x registry when metrics are on, a private one otherwise (tests). */
  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : WITHOUT_METRICS;
  }

  /** Serves {@code GET /metrics}: Prometheus text when metrics are on, 404 otherwise. */
  public static void mount(Vertx vertx, Router router) {
    if (BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    } else {
      router.get("/metrics").handler(ctx -> ctx.response().setStatusCode(404)
          .putHeader("content-type", "text/plain").end("metrics are not enabled in this Vert.x instance\n"));
    }
  }
}
