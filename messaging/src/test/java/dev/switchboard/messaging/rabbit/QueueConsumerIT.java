package dev.switchboard.messaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.messaging.queue.Outcome;
import dev.switchboard.testing.Await;
import dev.switchboard.testing.LogCapture;
import dev.switchboard.testing.RawAmqp;
import dev.switchboard.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work-queue consumer against a real RabbitMQ: every message ends done, retried or dead-lettered —
 * whatever order its processing finishes in and whichever context finishes it; permanent failures settle at
 * once, transient ones at most {@code maxAttempts} times; a handler that never answers holds nobody back;
 * a channel the broker closes is replaced; a queue found with other arguments is used as it is; a consumer
 * the broker cancels subscribes again; a run of transient failures pauses the consumer until its dependency
 * answers.
 */
class QueueConsumerIT {
  private static final int MAX_ATTEMPTS = 4;
  private final Vertx vertx = Vertx.vertx();
  /** A second Vert.x whose contexts complete some of the handler's futures, as another client's would. */
  private final Vertx elsewhere = Vertx.vertx();
  private final String queue = "it.consumer." + UUID.randomUUID().toString().substring(0, 8);
  private RawAmqp amqp;
  private Broker broker;
  private LogCapture logs;
  private Context consumerContext;

  @BeforeEach
  void setUp() {
    logs = LogCapture.attach();
    amqp = new RawAmqp(TestServices.rabbitmqUri());
    TestServices.deleteQueuesAtExit(List.of(queue, QueueSpec.retryQueue(queue)));
    broker = Broker.start(vertx, new SwitchboardConfig.RabbitMq(true, TestServices.rabbitmqUri(), 50,
        Duration.ofSeconds(2)), "queue-consumer-it");
  }

  @AfterEach
  void tearDown() {
    Await.result(broker.close());
    Await.result(vertx.close());
    Await.result(elsewhere.close());
    amqp.deleteQueue(queue);
    amqp.deleteQueue(QueueSpec.deadLetterQueue(queue));
    amqp.deleteQueue(QueueSpec.retryQueue(queue));
    amqp.close();
    logs.close();
  }

  private QueueConsumer consume(Function<InboundMessage, Future<Outcome>> handler) {
    return consume(Duration.ofSeconds(10), null, handler);
  }

  /** Starts a consumer on an event-loop context of the test's Vert.x and waits until it consumes. */
  private QueueConsumer consume(Duration handlerTimeout, Supplier<Future<Void>> probe,
                                Function<InboundMessage, Future<Outcome>> handler) {
    consumerContext = vertx.getOrCreateContext();
    AtomicReference<QueueConsumer> consumer = new AtomicReference<>();
    QueueConsumer.Settings settings = new QueueConsumer.Settings(50, MAX_ATTEMPTS, new Backoff(50, 200),
        handlerTimeout, true);
    consumerContext.runOnContext(v -> consumer.set(QueueConsumer.start(vertx, broker, QueueSpec.workTopology(queue),
        settings, handler, probe)));
    Await.until("the consumer to consume", Duration.ofSeconds(20),
        () -> consumer.get() != null && consumer.get().isConsuming());
    return consumer.get();
  }

  /** Stops the consumer from its own context, as its verticle would. */
  private void stop(QueueConsumer consumer) {
    Promise<Void> stopped = Promise.promise();
    consumerContext.runOnContext(v -> consumer.stop(Duration.ofSeconds(5)).onComplete(stopped));
    Await.result(stopped.future());
  }

  private void publish(String body) {
    amqp.publish(queue, body.getBytes(StandardCharsets.UTF_8), null);
  }

  /** A future completed after {@code ms} on a context of the other Vert.x. */
  private Future<Outcome> later(long ms, Outcome outcome) {
    Promise<Outcome> promise = Promise.promise();
    elsewhere.setTimer(ms, t -> promise.complete(outcome));
    return promise.future();
  }

  private static String text(InboundMessage message) {
    return message.body().toString(StandardCharsets.UTF_8);
  }

  private List<GetResponse> deadLetters() {
    return amqp.drain(QueueSpec.deadLetterQueue(queue));
  }

  @Test
  void everyMessageIsSettledOnceWhateverOrderItsProcessingEndsIn() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      String body = text(message);
      seen.merge(body, 1, Integer::sum);
      int n = Integer.parseInt(body.substring(body.indexOf('-') + 1));
      if (body.startsWith("dead")) {
        return Future.succeededFuture(Outcome.reject("unreadable " + body));
      }
      if (body.startsWith("flaky") && failedOnce.add(body)) {
        return Future.failedFuture(new IllegalStateException("transient"));
      }
      // some finish at once, some later on another Vert.x's context, in no particular order
      return n % 3 == 0 ? Future.succeededFuture(Outcome.done()) : later(1 + n % 7 * 5L, Outcome.done());
    });
    int total = 300;
    int dead = 0;
    int flaky = 0;
    for (int i = 0; i < total; i++) {
      String kind = i % 10 == 4 ? "dead" : i % 10 == 7 ? "flaky" : "ok";
      dead += kind.equals("dead") ? 1 : 0;
      flaky += kind.equals("flaky") ? 1 : 0;
      publish(kind + "-" + i);
    }
    int expectedDeliveries = total + flaky;
    int expectedDead = dead;
    Await.until("every message processed", Duration.ofSeconds(60),
        () -> seen.values().stream().mapToInt(Integer::intValue).sum() >= expectedDeliveries
            && amqp.messageCount(QueueSpec.deadLetterQueue(queue)) == expectedDead);
    // closing the channel returns whatever it did not settle to the queue: nothing may come back
    stop(consumer);
    assertThat(amqp.drain(queue).stream().map(r -> new String(r.getBody(), StandardCharsets.UTF_8)).toList())
        .as("messages left unacknowledged").isEmpty();
    assertThat(amqp.messageCount(QueueSpec.retryQueue(queue))).isZero();
    List<GetResponse> deadLetters = deadLetters();
    assertThat(deadLetters).hasSize(dead);
    assertThat(deadLetters).allSatisfy(d -> {
      assertThat(d.getProps().getHeaders().get(QueueConsumer.REASON).toString()).startsWith("unreadable dead-");
      assertThat(d.getProps().getHeaders().get(QueueConsumer.QUEUE).toString()).isEqualTo(queue);
      assertThat(d.getProps().getHeaders().get(QueueConsumer.ATTEMPTS)).isEqualTo(1);
      assertThat(d.getProps().getHeaders()).containsKey(QueueConsumer.FAILED_AT);
    });
    assertThat(seen).hasSize(total);
    seen.forEach((body, times) -> assertThat(times).as(body).isEqualTo(body.startsWith("flaky") ? 2 : 1));
    assertThat(logs.lines()).noneMatch(line -> line.contains("unknown delivery tag") || line.contains("interrupted"));
  }

  @Test
  void aHandlerThatAlwaysFailsIsDeadLetteredAfterMaxAttemptsWithItsHeaders() {
    AtomicInteger attempts = new AtomicInteger();
    QueueConsumer consumer = consume(message -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new java.util.concurrent.TimeoutException("the database did not answer"));
    });
    publish("always-fails");
    Await.until("the message dead-lettered", Duration.ofSeconds(30),
        () -> amqp.messageCount(QueueSpec.deadLetterQueue(queue)) == 1);
    stop(consumer);
    assertThat(attempts.get()).isEqualTo(MAX_ATTEMPTS);
    GetResponse dead = deadLetters().get(0);
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("always-fails");
    assertThat(dead.getProps().getHeaders().get(QueueConsumer.ATTEMPTS)).isEqualTo(MAX_ATTEMPTS);
    assertThat(dead.getProps().getHeaders().get(QueueConsumer.REASON).toString())
        .isEqualTo("gave up after " + MAX_ATTEMPTS + " attempts: the database did not answer");
    assertThat(amqp.messageCount(queue)).isZero();
  }

  @Test
  void aHandlerThatFailsTwiceThenWorksIsProcessedOnce() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    QueueConsumer consumer = consume(message -> {
      if (attempts.incrementAndGet() <= 2) {
        return Future.failedFuture(new java.io.IOException("connection reset"));
      }
      done.incrementAndGet();
      return Future.succeededFuture(Outcome.done());
    });
    publish("twice");
    Await.until("the message processed", Duration.ofSeconds(20), () -> done.get() == 1);
    stop(consumer);
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(done.get()).isEqualTo(1);
    assertThat(amqp.messageCount(QueueSpec.deadLetterQueue(queue))).isZero();
    assertThat(amqp.messageCount(queue)).isZero();
  }

  @Test
  void aHandlerThatNeverAnswersIsRetriedAndHoldsNoneOfTheOthersBack() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    AtomicInteger hangs = new AtomicInteger();
    QueueConsumer consumer = consume(Duration.ofMillis(800), null, message -> {
      if (text(message).equals("hangs") && hangs.incrementAndGet() == 1) {
        return Promise.<Outcome>promise().future();
      }
      done.add(text(message));
      return Future.succeededFuture(Outcome.done());
    });
    publish("hangs");
    for (int i = 0; i < 20; i++) {
      publish("behind-" + i);
    }
    // the twenty behind it are acknowledged while the first is still in hand
    Await.until("the twenty behind it done and acknowledged", Duration.ofSeconds(5), () ->
        done.size() == 20 && amqp.messageCount(queue) == 0 && unacked() <= 1);
    // the one that hung is retried after its deadline, and settles
    Await.until("the hanging one retried and done", Duration.ofSeconds(10), () -> done.contains("hangs"));
    stop(consumer);
    assertThat(hangs.get()).isEqualTo(2);
    assertThat(amqp.messageCount(queue)).isZero();
    assertThat(amqp.messageCount(QueueSpec.deadLetterQueue(queue))).isZero();
  }

  /** Messages the broker delivered on the test queue and still waits an ack for. */
  private long unacked() {
    return TestServices.unacknowledged(queue);
  }

  @Test
  void aChannelTheBrokerClosesIsReplacedAndConsumingGoesOn() throws Exception {
    Set<String> done = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      done.add(text(message));
      return Future.succeededFuture(Outcome.done());
    });
    publish("before-1");
    Await.until("the first message", Duration.ofSeconds(20), () -> done.contains("before-1"));

    Channel first = consumer.currentChannel();
    first.basicAck(999_999, false); // a protocol error: the broker closes this channel (406, unknown tag)
    Await.until("the broker to close the channel", Duration.ofSeconds(10), () -> !first.isOpen());
    Await.until("a new channel", Duration.ofSeconds(20),
        () -> consumer.isConsuming() && consumer.currentChannel() != first);
    Channel second = consumer.currentChannel();
    Thread.sleep(1_000); // longer than the reopen delay: one error, one replacement
    assertThat(consumer.currentChannel()).isSameAs(second);

    for (int i = 0; i < 20; i++) {
      publish("after-" + i);
    }
    Await.until("the messages after the error", Duration.ofSeconds(20),
        () -> done.stream().filter(b -> b.startsWith("after-")).count() == 20);
    stop(consumer);
    assertThat(amqp.messageCount(queue)).isZero();
    assertThat(logs.lines()).filteredOn(line -> line.contains("opening a new one")).hasSize(1);
  }

  @Test
  void aQueueThatExistsWithOtherArgumentsIsUsedAsItIs() throws Exception {
    // the source system declares its queues plainly: not durable, no dead-letter arguments
    amqp.channel().queueDeclare(queue, false, false, false, null);
    Set<String> done = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      done.add(text(message));
      return Future.succeededFuture(text(message).startsWith("bad") ? Outcome.reject("bad") : Outcome.done());
    });
    publish("good");
    publish("bad");
    Await.until("both settled", Duration.ofSeconds(20), () -> done.size() == 2
        && amqp.messageCount(QueueSpec.deadLetterQueue(queue)) == 1);
    assertThat(broker.adopted()).containsKey(queue);
    assertThat(broker.state().getString("state")).isEqualTo("DEGRADED");
    assertThat(broker.state().getJsonObject("queuesUsedAsFound").getString(queue)).contains("inequivalent arg");
    assertThat(logs.lines()).filteredOn(l -> l.contains("exists with other properties")).hasSize(1);
    stop(consumer);
  }

  @Test
  void aConsumerTheBrokerCancelsDeclaresItsQueueAgainAndGoesOn() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(message -> {
      done.add(text(message));
      return Future.succeededFuture(Outcome.done());
    });
    publish("before");
    Await.until("the first message", Duration.ofSeconds(20), () -> done.contains("before"));
    amqp.deleteQueue(queue);
    Await.until("the queue back and consumed", Duration.ofSeconds(20),
        () -> amqp.exists(queue) && consumer.isConsuming());
    publish("after");
    Await.until("the message after the deletion", Duration.ofSeconds(20), () -> done.contains("after"));
    stop(consumer);
  }

  @Test
  void transientFailuresInARowPauseTheConsumerUntilItsDependencyAnswers() {
    AtomicBoolean dependencyUp = new AtomicBoolean(false);
    AtomicInteger calls = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    QueueConsumer consumer = consume(Duration.ofSeconds(10),
        () -> dependencyUp.get() ? Future.succeededFuture() : Future.failedFuture("still down"), message -> {
          calls.incrementAndGet();
          if (!dependencyUp.get()) {
            return Future.failedFuture(new java.util.concurrent.TimeoutException("database down"));
          }
          done.add(text(message));
          return Future.succeededFuture(Outcome.done());
        });
    for (int i = 0; i < 30; i++) {
      publish("m-" + i);
    }
    Await.until("the consumer paused", Duration.ofSeconds(10), () -> !consumer.isConsuming());
    assertThat(consumer.state().getString("paused")).contains("transient failures in a row");
    int whilePaused = calls.get();
    // prefetched messages in hand finish, then nothing more is taken while the dependency is down
    Await.until("the consumer idle", Duration.ofSeconds(5), () -> calls.get() == whilePaused || unacked() == 0);
    dependencyUp.set(true);
    Await.until("every message done once the dependency is back", Duration.ofSeconds(30), () -> done.size() == 30);
    assertThat(consumer.isConsuming()).isTrue();
    stop(consumer);
    assertThat(amqp.messageCount(QueueSpec.deadLetterQueue(queue))).as("nothing dead-lettered: paused in time")
        .isZero();
  }
}
