package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests per route in the current second, with their latencies in a log-scale histogram (four buckets per
 * doubling, so a percentile read from it is within 19 %). One per HTTP verticle, used on its event loop
 * only; {@link #drain} hands the second over to the console and starts the next.
 */
final class Traffic {
  /** Buckets per doubling of the latency. */
  static final int STEPS = 4;
  private Map<String, long[]> routes = new HashMap<>();

  /** One request of {@code route} that took {@code nanos}. */
  void record(String route, long nanos) {
    long[] histogram = routes.computeIfAbsent(route, r -> new long[bucket(Long.MAX_VALUE / 1_000) + 1]);
    histogram[bucket(nanos / 1_000)]++;
  }

  boolean isEmpty() {
    return routes.isEmpty();
  }

  /** {@code {route: [[bucket, count], …]}} for the second now ending, and a fresh second. */
  JsonObject drain() {
    JsonObject second = new JsonObject();
    routes.forEach((route, histogram) -> second.put(route, sparse(histogram)));
    routes = new HashMap<>();
    return second;
  }

  static int bucket(long micros) {
    return micros <= 1 ? 0 : (int) Math.floor(Math.log(micros) / Math.log(2) * STEPS);
  }

  /** The upper bound of a bucket, in milliseconds. */
  static double upperMillis(int bucket) {
    return Math.pow(2, (bucket + 1) / (double) STEPS) / 1_000;
  }

  private static JsonArray sparse(long[] histogram) {
    JsonArray buckets = new JsonArray();
    for (int i = 0; i < histogram.length; i++) {
      if (histogram[i] > 0) {
        buckets.add(new JsonArray().add(i).add(histogram[i]));
      }
    }
    return buckets;
  }

  /** Adds a drained second ({@code {route: [[bucket, count]…]}}) into {@code into}. */
  static void merge(Map<String, Map<Integer, Long>> into, JsonObject second) {
    for (String route : second.fieldNames()) {
      Map<Integer, Long> histogram = into.computeIfAbsent(route, r -> new HashMap<>());
      for (Object pair : second.getJsonArray(route)) {
        JsonArray p = (JsonArray) pair;
        histogram.merge(p.getInteger(0), p.getLong(1), Long::sum);
      }
    }
  }

  /** The 99th percentile of a histogram, in milliseconds (the upper bound of its bucket). */
  static double p99(Map<Integer, Long> histogram) {
    long total = histogram.values().stream().mapToLong(Long::longValue).sum();
    long rank = (long) Math.ceil(total * 0.99);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(histogram).entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return upperMillis(e.getKey());
      }
    }
    return 0;
  }

  static long count(Map<Integer, Long> histogram) {
    return histogram.values().stream().mapToLong(Long::longValue).sum();
  }
}
