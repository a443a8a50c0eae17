package dev.switchboard.messaging.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Headers;
import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.Service;
import dev.switchboard.contract.ServiceFailure;
import dev.switchboard.contract.ServiceFailureCodec;
import dev.switchboard.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How an endpoint dispatches, what its callers see of a failure, and how it drains. */
class ServiceEndpointTest {
  private final Vertx vertx = Vertx.vertx();
  private final Promise<JsonObject> slow = Promise.promise();
  private final Promise<Void> arrived = Promise.promise();

  @BeforeEach
  void deploy() {
    ServiceFailureCodec.install(vertx);
    Await.result(vertx.deployVerticle(Echo::new, new DeploymentOptions()));
  }

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  /** A user-address endpoint whose actions answer, fail in each way, or wait. */
  private final class Echo extends VerticleBase {
    private ServiceEndpoint endpoint;

    @Override
    public Future<?> start() {
      endpoint = ServiceEndpoint.of(vertx, Service.USER).serve(Map.of(
          "echo", body -> Future.succeededFuture(new JsonObject().put("body", body)
              .put("trace", RequestContext.traceId()).put("call", RequestContext.callId())),
          "refuse", body -> Future.failedFuture(ServiceFailure.conflict("taken")),
          "crash", body -> {
            throw new IllegalArgumentException("secret internals");
          },
          "away", body -> Future.failedFuture(new IOException("connection reset")),
          "slow", body -> {
            arrived.tryComplete();
            return slow.future();
          }));
      return endpoint.register();
    }

    @Override
    public Future<?> stop() {
      return endpoint.close(Duration.ofSeconds(5));
    }
  }

  private Future<Message<JsonObject>> call(String action, Object body, String... headers) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.ACTION, action).setSendTimeout(5_000);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return vertx.eventBus().request(Service.USER.address(), body, options);
  }

  private static ServiceFailure failure(Future<?> call) {
    Throwable failure = Await.failure(call);
    assertThat(failure).isInstanceOf(ServiceFailure.class);
    return (ServiceFailure) failure;
  }

  @Test
  void anActionSeesTheTraceAndCallIdsOfItsCall() {
    JsonObject answer = Await.result(call("echo", new JsonObject().put("a", 1), Headers.REQUEST_ID, "trace-7",
        Headers.CALL_ID, "call-9")).body();
    assertThat(answer).isEqualTo(new JsonObject().put("body", new JsonObject().put("a", 1)).put("trace", "trace-7")
        .put("call", "call-9"));
    assertThat(Await.result(call("echo", new JsonObject())).body().getString("call")).isNull();
  }

  @Test
  void aFailureReachesTheCallerAsItsStatusAndAnUnexpectedOneIsMasked() {
    assertThat(failure(call("refuse", new JsonObject())).status()).isEqualTo(409);
    ServiceFailure crash = failure(call("crash", new JsonObject()));
    assertThat(crash.status()).isEqualTo(500);
    assertThat(crash.detail()).isEqualTo("Internal error");
    assertThat(failure(call("away", new JsonObject())).status()).isEqualTo(503);
    ServiceFailure unknown = failure(call("nope", new JsonObject()));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.detail()).contains("Unknown action 'nope'").contains("echo");
    assertThat(failure(call("echo", "not an object")).status()).isEqualTo(400);
  }

  @Test
  void closingStopsTakingCallsAndFinishesTheOnesInHand() {
    Future<Message<JsonObject>> inHand = call("slow", new JsonObject());
    Await.result(arrived.future());
    Future<Void> undeployed = vertx.undeploy(vertx.deploymentIDs().iterator().next());
    Await.until("the endpoint stopped taking calls", Duration.ofSeconds(5), () -> {
      Future<Message<JsonObject>> echo = call("echo", new JsonObject());
      Await.result(echo.transform(ar -> Future.succeededFuture()));
      return echo.failed() && echo.cause() instanceof ReplyException && !(echo.cause() instanceof ServiceFailure);
    });
    assertThat(undeployed.isComplete()).isFalse();
    slow.complete(new JsonObject().put("done", true));
    assertThat(Await.result(inHand).body().getBoolean("done")).isTrue();
    Await.result(undeployed);
  }
}
