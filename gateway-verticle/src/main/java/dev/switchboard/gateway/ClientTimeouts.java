package dev.switchboard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for slow clients, which the server's idle timeout alone does not catch (a client that sends
 * one byte a second is never idle): a connection must deliver a request's headers within
 * {@code headerTimeoutMs} of opening, or of its previous response ending, or it is closed; a request must
 * deliver its whole body within {@code bodyTimeoutMs} of its headers, or it is answered 408 and its
 * connection closed. The header deadline is checked by one periodic sweep over the open connections (a
 * timer per request would cost every request a timer); a body deadline is a timer, armed only while a body
 * is still arriving. Confined to one verticle's event loop.
 */
final class ClientTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTimeouts.class);
  private static final String BODY_TIMER = "switchboard.body-timer";

  private final Vertx vertx;
  private final long headerTimeoutNanos;
  private final long bodyTimeoutMs;
  /** Per open connection: the requests it has in hand, and since when it has had none. */
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();
  private final long sweeper;

  ClientTimeouts(Vertx vertx, long headerTimeoutMs, long bodyTimeoutMs) {
    this.vertx = vertx;
    this.headerTimeoutNanos = headerTimeoutMs * 1_000_000;
    this.bodyTimeoutMs = bodyTimeoutMs;
    this.sweeper = vertx.setPeriodic(Math.max(50, Math.min(1_000, headerTimeoutMs / 5)), t -> sweep());
  }

  private static final class Waiting {
    int inFlight;
    long idleSince = System.nanoTime();
  }

  /** For {@code HttpServer.connectionHandler}: the first header deadline starts now. */
  void connected(HttpConnection connection) {
    connections.put(connection, new Waiting());
    connection.closeHandler(v -> connections.remove(connection));
  }

  /**
   * First route handler: the request's headers arrived, so the connection's header deadline stops until
   * its last response in hand ends (the router owns the response's own end handler, hence the context's).
   */
  void requestStarted(RoutingContext ctx) {
    Waiting waiting = connections.get(ctx.request().connection());
    if (waiting != null) {
      waiting.inFlight++;
      ctx.addEndHandler(ar -> {
        if (--waiting.inFlight == 0) {
          waiting.idleSince = System.nanoTime();
        }
      });
    }
    ctx.next();
  }

  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> late = new ArrayList<>();
    connections.forEach((connection, waiting) -> {
      if (waiting.inFlight == 0 && now - waiting.idleSince > headerTimeoutNanos) {
        late.add(connection);
      }
    });
    for (HttpConnection connection : late) {
      connections.remove(connection);
      LOG.debug("No request headers from {} within {} ms; closing the connection", connection.remoteAddress(),
          headerTimeoutNanos / 1_000_000);
      connection.close();
    }
  }

  /** Route handler before the body handler: starts the body deadline, if a body is still arriving. */
  void startBody(RoutingContext ctx) {
    if (ctx.request().isEnded()) {
      ctx.next();
      return;
    }
    long timer = vertx.setTimer(bodyTimeoutMs, t -> {
      if (!ctx.response().ended() && !ctx.response().headWritten()) {
        LOG.info("The body of {} {} did not arrive within {} ms; answering 408", ctx.request().method(),
            ctx.request().path(), bodyTimeoutMs);
        ctx.response().putHeader("connection", "close");
        Problems.send(ctx, Problems.body(ctx, 408, "The request body did not arrive within " + bodyTimeoutMs
            + " ms", null));
      }
      ctx.request().connection().close();
    });
    ctx.put(BODY_TIMER, timer);
    ctx.addEndHandler(ar -> vertx.cancelTimer(timer));
    ctx.next();
  }

  /** Route handler after the body handler: the body is in. */
  void bodyReceived(RoutingContext ctx) {
    Long timer = ctx.get(BODY_TIMER);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    ctx.next();
  }

  void close() {
    vertx.cancelTimer(sweeper);
  }
}
