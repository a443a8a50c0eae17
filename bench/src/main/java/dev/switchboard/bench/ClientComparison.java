package dev.switchboard.bench;

import com.rabbitmq.client.MessageProperties;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.messaging.queue.Outcome;
import dev.switchboard.messaging.rabbit.Broker;
import dev.switchboard.messaging.rabbit.ConfirmedPublisher;
import dev.switchboard.messaging.rabbit.OutboundMessage;
import dev.switchboard.messaging.rabbit.QueueConsumer;
import dev.switchboard.messaging.rabbit.QueueSpec;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The work-queue path on the system's own RabbitMQ layer (amqp-client in NIO mode, publishes and acks made
 * straight from the event loop) against the same path on {@code vertx-rabbitmq-client}, in one JVM, the
 * same load: persistent 100-byte messages published with confirms, 64 unconfirmed at most, consumed with
 * manual acks. Each client runs warm-up rounds, then a measured one; prints
 * {@code <client> rps=<msg/s> cpu_us=<JVM CPU µs per message>}. Args: AMQP URI, messages per round, rounds.
 */
public final class ClientComparison {
  private static final int WINDOW = 64;
  private static final Buffer BODY = Buffer.buffer(new byte[100]);

  private ClientComparison() {
  }

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int messages = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    try {
      for (String client : new String[] {"system", "library"}) {
        double rps = 0;
        double cpu = 0;
        for (int round = 0; round < rounds; round++) {
          String queue = "bench.clients." + client + "." + UUID.randomUUID().toString().substring(0, 8);
          long start = System.nanoTime();
          long cpu0 = cpuNanos();
          if (client.equals("system")) {
            system(vertx, uri, queue, messages);
          } else {
            library(vertx, uri, queue, messages);
          }
          rps = messages / ((System.nanoTime() - start) / 1e9);
          cpu = (cpuNanos() - cpu0) / 1e3 / messages;
        }
        System.out.printf("%s rps=%.0f cpu_us=%.1f%n", client, rps, cpu);
      }
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void system(Vertx vertx, String uri, String queue, int messages) throws Exception {
    Broker broker = Broker.start(vertx, new SwitchboardConfig.RabbitMq(true, uri, 100, Duration.ofSeconds(10)), "bench-clients");
    CountDownLatch consumed = new CountDownLatch(messages);
    Context publishing = vertx.getOrCreateContext();
    Context consuming = vertx.getOrCreateContext();
    AtomicReference<ConfirmedPublisher> publisher = new AtomicReference<>();
    AtomicReference<QueueConsumer> consumer = new AtomicReference<>();
    publishing.runOnContext(v -> publisher.set(ConfirmedPublisher.create(vertx, broker.publishing(), queue,
        Duration.ofSeconds(10))));
    consuming.runOnContext(v -> consumer.set(QueueConsumer.start(vertx, broker, QueueSpec.workTopology(queue),
        new QueueConsumer.Settings(100, 5, new Backoff(1000, 30000), Duration.ofSeconds(10), true), m -> {
          consumed.countDown();
          return io.vertx.core.Future.succeededFuture(Outcome.done());
        }, null)));
    while (publisher.get() == null || !publisher.get().isReady() || consumer.get() == null
        || !consumer.get().isConsuming()) {
      Thread.sleep(20);
    }
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (inFlight.get() < WINDOW && sent.get() < messages) {
        int id = sent.incrementAndGet();
        inFlight.incrementAndGet();
        publisher.get().publish(new OutboundMessage(Integer.toString(id), "application/octet-stream", BODY, null))
            .onComplete(ar -> {
              inFlight.decrementAndGet();
              pump[0].run();
            });
      }
    };
    publishing.runOnContext(v -> pump[0].run());
    if (!consumed.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("system client: " + consumed.getCount() + " messages not consumed");
    }
    Promise<Void> stopped = Promise.promise();
    consuming.runOnContext(v -> consumer.get().stop(Duration.ofSeconds(2)).onComplete(stopped));
    stopped.future().await();
    publishing.runOnContext(v -> publisher.get().close());
    broker.close().await();
    deleteQueues(uri, queue);
  }

  /** Removes a work queue and its companions. */
  private static void deleteQueues(String uri, String queue) throws Exception {
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    factory.setUri(uri);
    try (com.rabbitmq.client.Connection c = factory.newConnection("bench-clients-cleanup")) {
      for (String name : new String[] {queue, QueueSpec.deadLetterQueue(queue), QueueSpec.retryQueue(queue)}) {
        try (com.rabbitmq.client.Channel ch = c.createChannel()) {
          ch.queueDelete(name);
        }
      }
    }
  }

  private static void library(Vertx vertx, String uri, String queue, int messages) throws Exception {
    RabbitMQOptions options = new RabbitMQOptions().setUri(uri).setUseNio(true);
    RabbitMQClient pub = RabbitMQClient.create(vertx, options);
    RabbitMQClient sub = RabbitMQClient.create(vertx, options);
    pub.start().await();
    sub.start().await();
    pub.queueDeclare(queue, true, false, true).await();
    pub.confirmSelect().await();
    CountDownLatch consumed = new CountDownLatch(messages);
    sub.basicQos(100).await();
    RabbitMQConsumer consumer = sub.basicConsumer(queue, new QueueOptions().setAutoAck(false)
        .setMaxInternalQueueSize(1000)).await();
    consumer.handler(m -> sub.basicAck(m.envelope().getDeliveryTag(), false).onSuccess(v -> consumed.countDown()));
    Context ctx = vertx.getOrCreateContext();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    Runnable[] pump = new Runnable[1];
    pub.addConfirmListener(1000).await().handler(c -> {
      int done = 0;
      if (c.isMultiple()) {
        var head = pending.headSet(c.getDeliveryTag(), true);
        done = head.size();
        head.clear();
      } else if (pending.remove(c.getDeliveryTag())) {
        done = 1;
      }
      inFlight.addAndGet(-done);
      pump[0].run();
    });
    pump[0] = () -> {
      while (inFlight.get() < WINDOW && sent.get() < messages) {
        sent.incrementAndGet();
        inFlight.incrementAndGet();
        pub.basicPublishWithDeliveryTag("", queue, MessageProperties.PERSISTENT_BASIC, BODY, pending::add);
      }
    };
    ctx.runOnContext(v -> pump[0].run());
    if (!consumed.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("library client: " + consumed.getCount() + " messages not consumed");
    }
    consumer.cancel().await();
    pub.stop().await();
    sub.stop().await();
  }
}
