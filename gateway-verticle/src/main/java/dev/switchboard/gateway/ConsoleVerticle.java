package dev.switchboard.gateway;

import dev.switchboard.messaging.events.SystemEvents;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live console shows, kept by one verticle per gateway process: the latest pings stored and
 * intake requests (from the {@link SystemEvents} of every process), each process's readiness (its
 * heartbeat), and every gateway's traffic of the last minute. The HTTP verticles hand it their traffic each
 * second ({@link #TRAFFIC}); it sends each page's stream its frames over the local event bus
 * ({@link #FEED}), and the state so far to a page that connects ({@link #SNAPSHOT}).
 */
final class ConsoleVerticle extends VerticleBase {
  /** Local: each HTTP verticle's traffic of the second now ending. */
  static final String TRAFFIC = "switchboard.console.traffic";
  /** Local: the frames every open stream sends, {@code {"event", "data"}}. */
  static final String FEED = "switchboard.console.feed";
  /** Local: the state so far, for a stream that starts. */
  static final String SNAPSHOT = "switchboard.console.snapshot";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final int KEEP = 25;
  private static final int WINDOW_SECONDS = 60;

  private final SystemEvents events;
  private final long staleMillis;
  private final Deque<JsonObject> pings = new ArrayDeque<>();
  private final Map<String, JsonObject> intake = new LinkedHashMap<>();
  private final Map<String, Heartbeat> nodes = new HashMap<>();
  /** Per second (epoch), per node, the gateway traffic it reported. */
  private final TreeMap<Long, Map<String, JsonObject>> traffic = new TreeMap<>();
  private final List<JsonObject> ownSecond = new ArrayList<>();
  private SystemEvents.Listening listening;
  private MessageConsumer<JsonObject> trafficConsumer;
  private MessageConsumer<Object> snapshots;
  private long ticker = -1;

  private record Heartbeat(long at, JsonObject checks) {
  }

  ConsoleVerticle(SystemEvents events, long staleMillis) {
    this.events = events;
    this.staleMillis = staleMillis;
  }

  @Override
  public Future<?> start() {
    listening = events.listen(vertx, this::onEvent);
    trafficConsumer = vertx.eventBus().localConsumer(TRAFFIC, m -> ownSecond.add(m.body()));
    snapshots = vertx.eventBus().localConsumer(SNAPSHOT, m -> m.reply(snapshot()));
    ticker = vertx.setPeriodic(1_000, t -> tick());
    return Future.all(listening.ready(), trafficConsumer.completion(), snapshots.completion());
  }

  private void onEvent(JsonObject event) {
    String type = event.getString("type", "");
    switch (type) {
      case "ping" -> {
        pings.addFirst(ping(event));
        while (pings.size() > KEEP) {
          pings.removeLast();
        }
        feed("ping", ping(event));
      }
      case "intake" -> {
        JsonObject update = intake(event);
        if (update != null) {
          feed("intake", update);
        }
      }
      case "health" -> nodes.put(event.getString("node"), new Heartbeat(System.currentTimeMillis(),
          event.getJsonObject("checks", new JsonObject())));
      case "traffic" -> traffic.computeIfAbsent(event.getLong("second", 0L), s -> new HashMap<>())
          .merge(event.getString("node"), event.getJsonObject("routes", new JsonObject()), ConsoleVerticle::sum);
      default -> {
        // an event of a newer version: not shown
      }
    }
  }

  /** Two reports of one node for one second (two ticks in one second): their sum. */
  private static JsonObject sum(JsonObject a, JsonObject b) {
    Map<String, Map<Integer, Long>> merged = new HashMap<>();
    Traffic.merge(merged, a);
    Traffic.merge(merged, b);
    JsonObject routes = new JsonObject();
    merged.forEach((route, histogram) -> {
      JsonArray buckets = new JsonArray();
      histogram.forEach((bucket, n) -> buckets.add(new JsonArray().add(bucket).add(n)));
      routes.put(route, buckets);
    });
    return routes;
  }

  private static JsonObject ping(JsonObject event) {
    return new JsonObject().put("ping_id", event.getString("ping_id")).put("msg", event.getString("msg"))
        .put("at", event.getString("at"));
  }

  /** The request's new state, or null when the event is older than what is shown (QUEUED after STORED). */
  private JsonObject intake(JsonObject event) {
    String id = event.getString("request_id");
    if (id == null) {
      return null;
    }
    JsonObject shown = intake.get(id);
    String status = event.getString("status");
    if (shown != null && !"QUEUED".equals(shown.getString("status")) && "QUEUED".equals(status)) {
      return null;
    }
    JsonObject update = new JsonObject().put("request_id", id).put("status", status).put("at", event.getString("at"));
    if (event.containsKey("order_id")) {
      update.put("order_id", event.getInteger("order_id"));
    }
    if (event.containsKey("reason")) {
      update.put("reason", event.getString("reason"));
    }
    if (event.containsKey("item_quantity")) {
      update.put("item_quantity", event.getInteger("item_quantity"));
    } else if (shown != null && shown.containsKey("item_quantity")) {
      update.put("item_quantity", shown.getInteger("item_quantity"));
    }
    intake.remove(id);
    intake.put(id, update);
    Iterator<String> oldest = intake.keySet().iterator();
    while (intake.size() > KEEP && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    return update;
  }

  /** Each second: this process's traffic out to every console, and the status to every open page. */
  private void tick() {
    long second = Instant.now().getEpochSecond() - 1;
    if (!ownSecond.isEmpty()) {
      Map<String, Map<Integer, Long>> merged = new HashMap<>();
      ownSecond.forEach(s -> Traffic.merge(merged, s));
      ownSecond.clear();
      JsonObject routes = new JsonObject();
      merged.forEach((route, histogram) -> {
        JsonArray buckets = new JsonArray();
        histogram.forEach((b, n) -> buckets.add(new JsonArray().add(b).add(n)));
        routes.put(route, buckets);
      });
      events.publish("traffic", new JsonObject().put("second", second).put("routes", routes));
    }
    while (!traffic.isEmpty() && traffic.firstKey() < second - WINDOW_SECONDS) {
      traffic.pollFirstEntry();
    }
    feed("status", status());
  }

  /** Readiness of each service (up while some process reporting it says so) and traffic per route. */
  private JsonObject status() {
    long now = System.currentTimeMillis();
    nodes.values().removeIf(h -> now - h.at() > 10 * staleMillis);
    Map<String, int[]> checks = new TreeMap<>();
    int live = 0;
    for (Heartbeat h : nodes.values()) {
      if (now - h.at() > staleMillis) {
        continue;
      }
      live++;
      for (String check : h.checks().fieldNames()) {
        int[] upOf = checks.computeIfAbsent(check, c -> new int[2]);
        upOf[1]++;
        if ("UP".equals(h.checks().getString(check))) {
          upOf[0]++;
        }
      }
    }
    JsonArray services = new JsonArray();
    checks.forEach((name, upOf) -> services.add(new JsonObject().put("name", name).put("up", upOf[0] > 0)
        .put("processes", upOf[1]).put("upIn", upOf[0])));
    // every check some process reported recently but none reports now is gone: say so
    for (Heartbeat h : nodes.values()) {
      if (now - h.at() > staleMillis) {
        for (String check : h.checks().fieldNames()) {
          if (!checks.containsKey(check)) {
            checks.put(check, new int[2]);
            services.add(new JsonObject().put("name", check).put("up", false).put("processes", 0).put("upIn", 0)
                .put("reason", "no process reports it"));
          }
        }
      }
    }
    // the newest complete second every gateway has reported: a second's traffic leaves at the next tick and
    // arrives with the next batch of events
    long last = Instant.now().getEpochSecond() - 2;
    Map<String, Map<Integer, Long>> minute = new TreeMap<>();
    Map<String, long[]> perSecond = new TreeMap<>();
    traffic.forEach((second, byNode) -> {
      int slot = (int) (WINDOW_SECONDS - 1 - (last - second));
      if (slot < 0 || slot >= WINDOW_SECONDS) {
        return;
      }
      byNode.values().forEach(routes -> {
        Traffic.merge(minute, routes);
        for (String route : routes.fieldNames()) {
          long n = 0;
          for (Object pair : routes.getJsonArray(route)) {
            n += ((JsonArray) pair).getLong(1);
          }
          perSecond.computeIfAbsent(route, r -> new long[WINDOW_SECONDS])[slot] += n;
        }
      });
    });
    JsonArray routes = new JsonArray();
    minute.forEach((route, histogram) -> {
      JsonArray series = new JsonArray();
      for (long n : perSecond.get(route)) {
        series.add(n);
      }
      routes.add(new JsonObject().put("route", route)
          .put("rps", Math.round(Traffic.count(histogram) * 10.0 / WINDOW_SECONDS) / 10.0)
          .put("p99_ms", Math.round(Traffic.p99(histogram) * 100) / 100.0).put("per_second", series));
    });
    return new JsonObject().put("processes", live).put("services", services).put("routes", routes)
        .put("at", Instant.now().toString());
  }

  private JsonObject snapshot() {
    List<JsonObject> newestFirst = new ArrayList<>(intake.values());
    Collections.reverse(newestFirst);
    JsonArray requests = new JsonArray(new ArrayList<>(newestFirst));
    return new JsonObject().put("pings", new JsonArray(new ArrayList<>(pings))).put("intake", requests)
        .put("status", status());
  }

  private void feed(String event, JsonObject data) {
    vertx.eventBus().publish(FEED, new JsonObject().put("event", event).put("data", data), LOCAL);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    return Future.join(listening == null ? Future.succeededFuture() : listening.close(),
        trafficConsumer == null ? Future.succeededFuture() : trafficConsumer.unregister(),
        snapshots == null ? Future.succeededFuture() : snapshots.unregister());
  }
}
