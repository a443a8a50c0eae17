package dev.switchboard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for slow and idle clients, which the server's idle timeout alone would not catch (a client that
 * sends one byte a second is never idle): a connection must deliver a request's headers within
 * {@code headerTimeoutMs} of opening, or of its previous response ending, or it is closed; a request must
 * deliver its whole body within {@code bodyTimeoutMs} of its headers, or it is answered 408 and its
 * connection closed. The same sweep is the idle timeout: a connection with no request in hand is closed after
 * the shorter of the header deadline and {@code idleTimeoutMs}, and one whose request in hand made no progress
 * for {@code idleTimeoutMs} — a backstop, since every call has its own timeout — too. The server's own idle
 * timeout (Netty's {@code IdleStateHandler}) is not used: it gives every write a promise and a listener, which
 * cost the in-process cache hit about 1.2 µs of its 13.6 µs of JVM CPU (see docs/benchmarks.md). For the sweep
 * to see a connection that has sent nothing, the server must create it at once: it speaks HTTP/1.1 only (with
 * cleartext HTTP/2 detection on, a connection exists only after its first bytes). The deadlines are checked
 * by one periodic sweep over the open connections (a timer per
 * request would cost every request a timer); a body deadline is a timer, armed only while a body is still
 * arriving. Confined to one verticle's event loop.
 */
final class ClientTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTimeouts.class);

  private final Vertx vertx;
  private final long headerTimeoutNanos;
  private final long idleTimeoutNanos;
  private final long bodyTimeoutMs;
  /** Per open connection: its request in hand, and its last progress. */
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();
  private final long sweeper;

  ClientTimeouts(Vertx vertx, long headerTimeoutMs, long bodyTimeoutMs, long idleTimeoutMs) {
    this.vertx = vertx;
    this.headerTimeoutNanos = Math.min(headerTimeoutMs, idleTimeoutMs) * 1_000_000;
    this.idleTimeoutNanos = idleTimeoutMs * 1_000_000;
    this.bodyTimeoutMs = bodyTimeoutMs;
    this.sweeper = vertx.setPeriodic(Math.max(50, Math.min(1_000, Math.min(headerTimeoutMs, idleTimeoutMs) / 5)),
        t -> sweep());
  }

  /**
   * A connection's request in hand (HTTP/1.1 serves one at a time), and when its last request started or —
   * as the sweep found out, at most one sweep late — ended: its last progress.
   */
  private static final class Waiting {
    HttpServerRequest current;
    long lastProgress = System.nanoTime();
  }

  /** For {@code HttpServer.connectionHandler}: the first header deadline starts now. */
  void connected(HttpConnection connection) {
    connections.put(connection, new Waiting());
    connection.closeHandler(v -> connections.remove(connection));
  }

  /**
   * From the first route handler: the request's headers arrived, so the connection's header deadline stops
   * until the response ends. (No end handler per request: the sweep sees the response ended, which costs the
   * request nothing.)
   */
  void requestStarted(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting != null) {
      waiting.current = request;
      waiting.lastProgress = System.nanoTime();
    }
  }

  /**
   * A response that is still being written made progress now: a long stream (the console's feed) is not
   * idle while it sends.
   */
  void progressed(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting != null && waiting.current == request) {
      waiting.lastProgress = System.nanoTime();
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> late = new ArrayList<>();
    connections.forEach((connection, waiting) -> {
      if (waiting.current != null && waiting.current.response().ended()) {
        waiting.current = null;
        waiting.lastProgress = now;
      }
      long quiet = now - waiting.lastProgress;
      if (waiting.current == null ? quiet > headerTimeoutNanos : quiet > idleTimeoutNanos) {
        late.add(connection);
      }
    });
    for (HttpConnection connection : late) {
      connections.remove(connection);
      LOG.debug("No request headers or progress on {} within the deadline; closing the connection",
          connection.remoteAddress());
      connection.close();
    }
  }

  /**
   * Route handler before the body handler: starts the body deadline, if a body is still arriving. The timer
   * stays armed until the response ends; when it fires after the body arrived, it does nothing.
   */
  void startBody(RoutingContext ctx) {
    if (ctx.request().isEnded() || !bodyExpected(ctx.request())) {
      ctx.next();
      return;
    }
    long timer = vertx.setTimer(bodyTimeoutMs, t -> {
      if (ctx.request().isEnded()) {
        return;
      }
      if (!ctx.response().ended() && !ctx.response().headWritten()) {
        LOG.info("The body of {} {} did not arrive within {} ms; answering 408", ctx.request().method(),
            ctx.request().path(), bodyTimeoutMs);
        ctx.response().putHeader("connection", "close");
        Problems.send(ctx, Problems.body(ctx, 408, "The request body did not arrive within " + bodyTimeoutMs
            + " ms", null));
      }
      ctx.request().connection().close();
    });
    ctx.addEndHandler(ar -> vertx.cancelTimer(timer));
    ctx.next();
  }

  /**
   * Whether the request announces a body (HTTP/1.1: a {@code Content-Length} other than 0, or a
   * {@code Transfer-Encoding}). A GET without either has none and needs no deadline — but its end has not
   * been read yet when the first handler runs, so {@code isEnded()} alone would arm a timer for every GET.
   */
  private static boolean bodyExpected(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !"0".equals(length.trim());
    }
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  void close() {
    vertx.cancelTimer(sweeper);
  }
}
