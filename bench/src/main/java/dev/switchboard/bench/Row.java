package dev.switchboard.bench;

import java.util.Locale;

/**
 * One line of the results table. A throughput goal is a ratio to the limit ({@code goal}); a latency goal
 * is judged by the caller ({@code latencyMet}). {@code correct} is what the correctness counters say.
 */
record Row(String scenario, double rps, double p50ms, double p99ms, String limit, double limitValue, double goal,
           String counters, Boolean correct, Boolean latencyMet) {

  Row(String scenario, double rps, double p50ms, double p99ms, String limit, double limitValue, double goal,
      String counters, Boolean correct) {
    this(scenario, rps, p50ms, p99ms, limit, limitValue, goal, counters, correct, null);
  }

  static Row latency(String name, double rps, double p50ms, double p99ms, String goal, boolean met, String counters,
                     boolean correct) {
    return new Row(name, rps, p50ms, p99ms, goal, Double.NaN, Double.NaN, counters, correct, met);
  }

  static Row limit(String name, double rps, double p50ms, double p99ms, String what) {
    return new Row(name, rps, p50ms, p99ms, what, Double.NaN, Double.NaN, "", null);
  }

  double ratio() {
    return Double.isNaN(limitValue) || limitValue <= 0 ? Double.NaN : rps / limitValue;
  }

  String verdict() {
    if (Double.isNaN(goal) && latencyMet == null) {
      return correct == null ? "" : correct ? "ok" : "WRONG";
    }
    String speed = (latencyMet != null ? latencyMet : ratio() >= goal) ? "met" : "MISSED";
    return correct == null ? speed : speed + (correct ? ", correct" : ", WRONG COUNTS");
  }

  static String header() {
    return "| scenario | req/s | p50 ms | p99 ms | compared with | limit | ratio | goal | counters | verdict |\n"
        + "|---|---:|---:|---:|---|---:|---:|---:|---|---|";
  }

  /** The ratio is shown rounded down, so that a goal shown as reached is reached. */
  String markdown() {
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", scenario, num(rps, 0),
        num(p50ms, 2), num(p99ms, 2), limit, num(limitValue, 0), num(Math.floor(ratio() * 100) / 100, 2),
        Double.isNaN(goal) ? "" : "≥ " + num(goal, 2), counters, verdict());
  }

  private static String num(double value, int decimals) {
    if (Double.isNaN(value) || value < 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
