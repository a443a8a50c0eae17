package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.ServiceClient;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.Service;
import dev.switchboard.platform.ops.Health;
import dev.switchboard.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's circuit breaker against a scripted service: failures in a row open it; failures of calls
 * that began before the service's last answer (those in flight on an instance that died, while another
 * one answered) do not.
 */
class CircuitsTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  /** The calls that reached the service, each waiting for the test to answer it. */
  private final List<Promise<JsonObject>> reached = new ArrayList<>();
  private final AtomicInteger made = new AtomicInteger();
  private ServiceClient guarded;

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private void guard(int maxFailures) {
    Circuits circuits = new Circuits(new SwitchboardConfig.Calls(Duration.ofSeconds(5), maxFailures,
        Duration.ofSeconds(30)), new Health(vertx));
    ServiceClient service = (action, body, requestId) -> {
      made.incrementAndGet();
      Promise<JsonObject> answer = Promise.promise();
      reached.add(answer);
      return answer.future();
    };
    guarded = onContext(() -> circuits.guard(vertx, Service.USER, service));
  }

  private <T> T onContext(Callable<T> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(work.call());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return Await.result(done.future());
  }

  private Future<JsonObject> call() {
    return onContext(() -> guarded.request("get", new JsonObject(), null));
  }

  private static ReplyException timeout() {
    return new ReplyException(ReplyFailure.TIMEOUT, "timed out");
  }

  private void answer(int index, Throwable failure) {
    onContext(() -> failure == null ? reached.get(index).tryComplete(new JsonObject())
        : reached.get(index).tryFail(failure));
  }

  @Test
  void failuresInARowOpenTheCircuitAndTheNextCallFailsAtOnce() {
    guard(5);
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(call());
    }
    for (int i = 0; i < 5; i++) {
      answer(i, timeout());
    }
    calls.forEach(c -> Await.until("settled", Duration.ofSeconds(5), c::isComplete));

    Future<JsonObject> next = call();
    Await.until("refused", Duration.ofSeconds(5), next::isComplete);
    assertThat(next.cause()).isInstanceOf(Circuits.CircuitOpen.class);
    assertThat(made.get()).as("the refused call never reached the service").isEqualTo(5);
  }

  @Test
  void callsInFlightOnADeadInstanceDoNotOpenTheCircuitWhenTheServiceAnsweredSince() {
    guard(5);
    // eight calls on an instance that is about to die
    List<Future<JsonObject>> stuck = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      stuck.add(call());
    }
    // meanwhile another instance answers a later call
    Future<JsonObject> later = call();
    answer(8, null);
    Await.until("answered", Duration.ofSeconds(5), later::isComplete);
    // then the eight time out together
    for (int i = 0; i < 8; i++) {
      answer(i, timeout());
    }
    stuck.forEach(c -> Await.until("settled", Duration.ofSeconds(5), c::isComplete));
    assertThat(stuck).allSatisfy(c -> assertThat(c.cause()).as("the caller sees the real failure")
        .isInstanceOf(ReplyException.class));

    Future<JsonObject> next = call();
    answer(9, null);
    Await.until("answered", Duration.ofSeconds(5), next::isComplete);
    assertThat(next.succeeded()).as("the circuit stayed closed: the call reached the service").isTrue();
    assertThat(made.get()).isEqualTo(10);
  }
}
