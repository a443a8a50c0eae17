package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Page;
import dev.switchboard.contract.ping.MessageQuery;
import dev.switchboard.contract.ping.PongApi;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.Service;
import dev.switchboard.platform.ops.Metrics;
import dev.switchboard.messaging.queue.Outcome;
import dev.switchboard.messaging.queue.WorkMessage;
import dev.switchboard.messaging.queue.WorkQueue;
import dev.switchboard.messaging.Messaging;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pong role: consumes the ping work queue (each ping settled once it is stored; an unreadable one is
 * dead-lettered); keeps them in the bounded {@link MessageStore}; serves {@code messages}. Deploy one
 * instance per process: the store lives in this verticle.
 */
public final class PongVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PongVerticle.class);

  private final SwitchboardConfig config;
  private final Messaging messaging;
  private final PingSettings settings;
  private final Clock clock = Clock.systemDefaultZone();
  private MessageStore store;
  private Counter evictions;
  private WorkQueue.Consumer consumer;
  private ServiceEndpoint endpoint;
  private long stored;
  private volatile boolean consuming;

  public PongVerticle(SwitchboardConfig config, PingSettings settings, Messaging messaging) {
    this.config = config;
    this.settings = settings;
    this.messaging = messaging;
  }

  @Override
  public Future<?> start() {
    store = new MessageStore(settings.capacity());
    MessageStore held = store;
    Gauge.builder("switchboard.pong.stored", held, MessageStore::size).description("Pings held in the pong store")
        .register(Metrics.registry());
    evictions = Counter.builder("switchboard.pong.evictions").description("Pings evicted from the full store")
        .register(Metrics.registry());
    consumer = messaging.workQueues().consume(vertx, config.queues().ping(), null, this::onPing);
    consuming = true;
    endpoint = messaging.endpoint(vertx, Service.PONG).serve(PongApi.server(this::messages));
    return endpoint.register();
  }

  private Future<Outcome> onPing(WorkMessage message) {
    Optional<PingMessage> ping = PingMessages.parse(message.body().getBytes(), message.id(), clock);
    if (ping.isEmpty()) {
      return Future.succeededFuture(Outcome.reject("not a ping: neither {\"msg\"} JSON nor '<date> - <msg>' text"));
    }
    store(ping.get());
    return Future.succeededFuture(Outcome.done());
  }

  private void store(PingMessage ping) {
    long evictedBefore = store.evicted();
    if (store.add(ping)) {
      stored++;
      String msg = ping.msg() == null ? "" : ping.msg();
      messaging.events().publish("ping", new JsonObject().put("ping_id", ping.id()).put("date", ping.date())
          .put("msg", msg.length() <= 200 ? msg : msg.substring(0, 200) + "…"));
    } else {
      LOG.debug("Ping {} already stored (redelivery)", ping.id());
    }
    if (store.evicted() > evictedBefore) {
      evictions.increment();
    }
    if (store.evicted() > evictedBefore && store.evicted() % 1_000 == 1) {
      LOG.info("Message store full ({}); {} oldest message(s) evicted so far", settings.capacity(), store.evicted());
    }
  }

  /** The stored pings, oldest first ({@link PongApi}). */
  private Future<Page<PingMessage>> messages(MessageQuery query) {
    try {
      return Future.succeededFuture(new Page<>(store.page(query.after(), query.limit())));
    } catch (NoSuchElementException e) {
      return Future.failedFuture(ServiceFailure.notFound("No stored message has id " + query.after()
          + " (it may have been evicted)"));
    }
  }

  /**
   * Stops taking pings first (those in hand are stored and acked, the rest go back to the queue), then
   * stops answering reads; the count it logs is what this process acknowledged.
   */
  @Override
  public Future<?> stop() {
    consuming = false;
    Duration grace = config.shutdown().grace();
    Future<Void> intake = consumer != null ? consumer.stop(grace) : Future.succeededFuture();
    return intake.eventually(() -> {
      LOG.info("Pong stopped consuming: {} pings stored since start ({} held, {} evicted)", stored, store.size(),
          store.evicted());
      return endpoint == null ? Future.succeededFuture() : endpoint.close(grace);
    });
  }

  /** Whether this verticle takes pings from the queue (the {@code pong} check). */
  boolean consuming() {
    return consuming;
  }

  /** Messages evicted from the full store since start. */
  long evicted() {
    return store.evicted();
  }
}
