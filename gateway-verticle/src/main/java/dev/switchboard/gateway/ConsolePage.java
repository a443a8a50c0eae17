package dev.switchboard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashSet;
import java.util.Set;

/**
 * The live console: {@code GET /} (plain HTML, CSS and a little JavaScript from the gateway jar) and its feed
 * {@code GET /console/events}, a stream of server-sent events — {@code snapshot} first, then {@code ping},
 * {@code intake} as they happen and {@code status} each second (see {@link ConsoleVerticle}). One-way by
 * design: the page's forms post to the ordinary routes ({@code POST /ping}, {@code POST /auth/login},
 * {@code POST /queue/neworder}), so they pass the same contract, validation and sign-in as any client.
 */
final class ConsolePage {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private final Vertx vertx;
  private final ClientTimeouts timeouts;
  private final Set<HttpServerResponse> streams = new HashSet<>();
  private boolean closing;

  ConsolePage(Vertx vertx, ClientTimeouts timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
  }

  void mount(Router router) {
    StaticHandler files = StaticHandler.create("console").setCachingEnabled(true).setMaxAgeSeconds(60)
        .setDefaultContentEncoding("UTF-8");
    router.get("/").handler(files);
    router.get("/console/events").handler(this::stream);
    router.get("/console/*").handler(files);
  }

  private void stream(RoutingContext ctx) {
    if (closing) {
      ctx.response().setStatusCode(503).putHeader("retry-after", "2").end();
      return;
    }
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    response.write("retry: 2000\n\n");
    streams.add(response);
    MessageConsumer<JsonObject> feed = vertx.eventBus().localConsumer(ConsoleVerticle.FEED, m -> {
      // a page that does not keep up misses frames instead of filling the gateway's memory
      if (!response.writeQueueFull()) {
        send(response, m.body().getString("event"), m.body().getJsonObject("data"));
        timeouts.progressed(ctx.request());
      }
    });
    response.closeHandler(v -> {
      streams.remove(response);
      feed.unregister();
    });
    if (response.closed()) {
      // gone before its close handler was set
      streams.remove(response);
      feed.unregister();
      return;
    }
    vertx.eventBus().<JsonObject>request(ConsoleVerticle.SNAPSHOT, null, LOCAL).onComplete(ar -> {
      if (!response.closed() && !response.ended()) {
        send(response, "snapshot", ar.succeeded() ? ar.result().body() : new JsonObject());
      }
    });
  }

  private static void send(HttpServerResponse response, String event, JsonObject data) {
    if (!response.closed() && !response.ended()) {
      response.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
    }
  }

  /** Ends every open stream, so that a stopping gateway does not wait its grace for them. */
  void close() {
    closing = true;
    for (HttpServerResponse response : Set.copyOf(streams)) {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
    streams.clear();
  }
}
