package dev.switchboard.standalone;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Steady HTTP traffic for failover tests: {@code concurrency} loops each sending one request after the
 * other, every outcome recorded with its start and end time. A request that got no answer (connection
 * refused or reset) is followed by a 20 ms pause, so a loop facing a dead process does not spin.
 */
final class Traffic {
  /**
   * One request: its sequence number, when it started and ended (ms since the traffic began), its status
   * (-1: no answer) and, for a POST, the answer's body.
   */
  record Call(int seq, long startMs, long endMs, int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    long millis() {
      return endMs - startMs;
    }
  }

  /** What one request sends: the path, and for a POST its JSON body and headers. */
  record Request(String path, JsonObject body, Map<String, String> headers) {
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final String host;
  private final IntSupplier port;
  private final IntFunction<Request> request;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();
  private volatile boolean running;
  private long t0;

  Traffic(Vertx vertx, int port, IntFunction<String> path) {
    this(vertx, port, path, Map.of());
  }

  /** GETs with {@code headers} on every request ({@code Cache-Control: no-cache}, say, to reach the service). */
  Traffic(Vertx vertx, int port, IntFunction<String> path, Map<String, String> headers) {
    this(vertx, () -> port, loop -> new Request(path.apply(loop), null, headers));
  }

  /**
   * Requests made by {@code request} from each one's sequence number (a POST when it has a body), sent to
   * whatever port {@code port} says at the time — a process restarted on another port, say.
   */
  Traffic(Vertx vertx, IntSupplier port, IntFunction<Request> request) {
    this(vertx, "127.0.0.1", port, request);
  }

  /** The same, to a gateway at {@code host} (another machine's address). */
  Traffic(Vertx vertx, String host, IntSupplier port, IntFunction<Request> request) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.request = request;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(64));
  }

  void start(int concurrency) {
    running = true;
    t0 = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      vertx.runOnContext(v -> next());
    }
  }

  long nowMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void next() {
    if (!running) {
      return;
    }
    int n = seq.getAndIncrement();
    Request r = request.apply(n);
    long start = nowMs();
    RequestOptions options = new RequestOptions().setMethod(r.body() == null ? HttpMethod.GET : HttpMethod.POST)
        .setPort(port.getAsInt()).setHost(host).setURI(r.path()).setIdleTimeout(60_000);
    r.headers().forEach(options::putHeader);
    if (r.body() != null) {
      options.putHeader("content-type", "application/json");
    }
    Buffer body = r.body() == null ? null : r.body().toBuffer();
    client.request(options)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(response -> response.body().map(b -> new Call(n, start, nowMs(), response.statusCode(),
                r.body() == null ? null : b.toString()))))
        .onComplete(ar -> {
          calls.add(ar.succeeded() ? ar.result() : new Call(n, start, nowMs(), -1, null));
          if (ar.succeeded()) {
            next();
          } else {
            vertx.setTimer(20, t -> next());
          }
        });
  }

  /** The calls answered so far, while the traffic goes on. */
  List<Call> calls() {
    return new ArrayList<>(calls);
  }

  /** Stops sending; the calls answered so far (those in flight are not waited for). */
  List<Call> stop() {
    running = false;
    return new ArrayList<>(calls);
  }

  /** Stops sending and waits until no request is in flight; every call. */
  List<Call> stopAndDrain() {
    running = false;
    long deadline = System.currentTimeMillis() + 30_000;
    while (calls.size() < seq.get() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return new ArrayList<>(calls);
  }

  /** Failures by status. */
  static Map<Integer, Long> failuresByStatus(List<Call> calls) {
    Map<Integer, Long> byStatus = new TreeMap<>();
    calls.stream().filter(c -> !c.ok()).forEach(c -> byStatus.merge(c.status(), 1L, Long::sum));
    return byStatus;
  }
}
