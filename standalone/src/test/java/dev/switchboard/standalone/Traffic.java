package dev.switchboard.standalone;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * Steady HTTP traffic for failover tests: {@code concurrency} loops each sending one request after the
 * other, every outcome recorded with its start and end time.
 */
final class Traffic {
  /** One request: when it started and ended (ms since the traffic began) and its status (-1: no answer). */
  record Call(long startMs, long endMs, int status) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    long millis() {
      return endMs - startMs;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;
  private final IntFunction<String> path;
  private final Map<String, String> headers;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private long t0;

  Traffic(Vertx vertx, int port, IntFunction<String> path) {
    this(vertx, port, path, Map.of());
  }

  /** With {@code headers} on every request ({@code Cache-Control: no-cache}, say, to reach the service). */
  Traffic(Vertx vertx, int port, IntFunction<String> path, Map<String, String> headers) {
    this.vertx = vertx;
    this.port = port;
    this.path = path;
    this.headers = headers;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(64));
  }

  void start(int concurrency) {
    running = true;
    t0 = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      int loop = i;
      vertx.runOnContext(v -> next(loop));
    }
  }

  long nowMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void next(int loop) {
    if (!running) {
      return;
    }
    long start = nowMs();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1")
        .setURI(path.apply(loop)).setIdleTimeout(60_000);
    headers.forEach(options::putHeader);
    client.request(options)
        .compose(request -> request.send().compose(response -> response.body().map(b -> response.statusCode())))
        .onComplete(ar -> {
          calls.add(new Call(start, nowMs(), ar.succeeded() ? ar.result() : -1));
          next(loop);
        });
  }

  List<Call> stop() {
    running = false;
    return new ArrayList<>(calls);
  }

  /** Failures by status. */
  static Map<Integer, Long> failuresByStatus(List<Call> calls) {
    Map<Integer, Long> byStatus = new TreeMap<>();
    calls.stream().filter(c -> !c.ok()).forEach(c -> byStatus.merge(c.status(), 1L, Long::sum));
    return byStatus;
  }
}
