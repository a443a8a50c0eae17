package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (HTTP load, loopback only) and reads its report, including per-status counts from our scripts. */
final class Wrk {
  /** What one run measured. */
  record Result(double rps, double p50ms, double p99ms, long requests, long non2xx, long socketErrors,
                Map<Integer, Long> statuses) {
    long status(int code) {
      return statuses.getOrDefault(code, 0L);
    }
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern STATUS = Pattern.compile("^STATUS (\\d+) (\\d+)$", Pattern.MULTILINE);

  private Wrk() {
  }

  /**
   * @param script a Lua script under bench/scripts, or null for a plain GET
   * @param env    read by the scripts (os.getenv)
   */
  static Result run(String url, int threads, int connections, Duration duration, Path script, List<String> headers,
                    Map<String, String> env) {
    List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-t" + threads, "-c" + connections,
        "-d" + duration.toSeconds() + "s", "--timeout", "10s"));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    if (script != null) {
      command.add("-s");
      command.add(script.toString());
    }
    command.add(url);
    String out = Proc.run(command, duration.plusSeconds(60), env);
    return parse(out);
  }

  static Result parse(String out) {
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IllegalStateException("wrk printed no rate:\n" + out);
    }
    double p50 = -1;
    double p99 = -1;
    Matcher p = PERCENTILE.matcher(out);
    while (p.find()) {
      double value = Double.parseDouble(p.group(2)) * switch (p.group(3)) {
        case "us" -> 0.001;
        case "s" -> 1000;
        default -> 1;
      };
      if (p.group(1).equals("50")) {
        p50 = value;
      } else {
        p99 = value;
      }
    }
    Matcher requests = REQUESTS.matcher(out);
    Matcher non2xx = NON2XX.matcher(out);
    Matcher socket = SOCKET.matcher(out);
    long errors = 0;
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(socket.group(i));
      }
    }
    Map<Integer, Long> statuses = new HashMap<>();
    Matcher status = STATUS.matcher(out);
    while (status.find()) {
      statuses.merge(Integer.parseInt(status.group(1)), Long.parseLong(status.group(2)), Long::sum);
    }
    return new Result(Double.parseDouble(rps.group(1)), p50, p99, requests.find() ? Long.parseLong(requests.group(1)) : 0,
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errors, statuses);
  }
}
