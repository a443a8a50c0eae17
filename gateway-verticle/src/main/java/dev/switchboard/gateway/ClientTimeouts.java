package dev.switchboard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for slow clients, which the server's idle timeout alone does not catch (a client that sends
 * one byte a second is never idle): a connection must deliver a request's headers within
 * {@code headerTimeoutMs} of opening, or of its previous response ending, or it is closed; a request must
 * deliver its whole body within {@code bodyTimeoutMs} of its headers, or it is answered 408 and its
 * connection closed. Confined to one verticle's event loop.
 */
final class ClientTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTimeouts.class);
  private static final String BODY_TIMER = "switchboard.body-timer";

  private final Vertx vertx;
  private final long headerTimeoutMs;
  private final long bodyTimeoutMs;
  /** Per open connection: the requests it has in hand, and the header timer while it has none. */
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();

  ClientTimeouts(Vertx vertx, long headerTimeoutMs, long bodyTimeoutMs) {
    this.vertx = vertx;
    this.headerTimeoutMs = headerTimeoutMs;
    this.bodyTimeoutMs = bodyTimeoutMs;
  }

  private static final class Waiting {
    int inFlight;
    long timer = -1;
  }

  /** For {@code HttpServer.connectionHandler}: starts the first header deadline. */
  void connected(HttpConnection connection) {
    Waiting waiting = new Waiting();
    connections.put(connection, waiting);
    arm(connection, waiting);
    connection.closeHandler(v -> {
      Waiting gone = connections.remove(connection);
      if (gone != null && gone.timer >= 0) {
        vertx.cancelTimer(gone.timer);
      }
    });
  }

  /**
   * First route handler: the request's headers arrived, so the connection's header deadline stops until
   * its last response in hand ends (the router owns the response's own end handler, hence the context's).
   */
  void requestStarted(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    Waiting waiting = connections.get(connection);
    if (waiting != null) {
      waiting.inFlight++;
      if (waiting.timer >= 0) {
        vertx.cancelTimer(waiting.timer);
        waiting.timer = -1;
      }
      ctx.addEndHandler(ar -> finished(connection, waiting));
    }
    ctx.next();
  }

  private void finished(HttpConnection connection, Waiting waiting) {
    if (waiting.inFlight > 0 && --waiting.inFlight == 0 && connections.get(connection) == waiting) {
      arm(connection, waiting);
    }
  }

  private void arm(HttpConnection connection, Waiting waiting) {
    waiting.timer = vertx.setTimer(headerTimeoutMs, t -> {
      waiting.timer = -1;
      if (waiting.inFlight == 0) {
        LOG.debug("No request headers from {} within {} ms; closing the connection", connection.remoteAddress(),
            headerTimeoutMs);
        connection.close();
      }
    });
  }

  /** Route handler before the body handler: starts the body deadline. */
  void startBody(RoutingContext ctx) {
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
}
