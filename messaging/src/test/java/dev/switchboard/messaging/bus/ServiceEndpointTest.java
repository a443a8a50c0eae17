package dev.switchboard.messaging.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Headers;
import dev.switchboard.contract.Service;
import dev.switchboard.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints a bridge in the same process can find, and call on their own event loops. */
class ServiceEndpointTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  /** A verticle serving the user address whose "where" action answers with the serving thread. */
  private static final class Where extends VerticleBase {
    private ServiceEndpoint endpoint;

    @Override
    public Future<?> start() {
      endpoint = ServiceEndpoint.of(vertx, Service.USER)
          .action("where", body -> Future.succeededFuture(new JsonObject().put("thread", Thread.currentThread().getName())));
      return endpoint.register();
    }

    @Override
    public Future<?> stop() {
      return endpoint.close(Duration.ofSeconds(1));
    }
  }

  private String whereServed(ServiceEndpoint.Local local) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.ACTION, "where");
    return Await.result(vertx.eventBus().<JsonObject>request(local.address(), new JsonObject(), options)).body()
        .getString("thread");
  }

  @Test
  void eachEndpointIsFoundInTurnAndServesItsOwnAddressOnItsOwnEventLoop() {
    assertThat(ServiceEndpoint.nextLocal(vertx, Service.USER)).isEmpty();
    String deployment = Await.result(vertx.deployVerticle(Where::new, new DeploymentOptions().setInstances(2)));

    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      ServiceEndpoint.Local local = ServiceEndpoint.nextLocal(vertx, Service.USER).orElseThrow();
      addresses.add(local.address());
      String[] thread = new String[1];
      Await.result(Future.<Void>future(p -> local.context().runOnContext(v -> {
        thread[0] = Thread.currentThread().getName();
        p.complete();
      })));
      assertThat(whereServed(local)).isEqualTo(thread[0]);
    }
    assertThat(addresses).hasSize(2);
    assertThat(ServiceEndpoint.nextLocal(vertx, Service.ORDER)).isEmpty();
    Vertx another = Vertx.vertx();
    try {
      assertThat(ServiceEndpoint.nextLocal(another, Service.USER)).isEmpty();
    } finally {
      Await.result(another.close());
    }

    Await.result(vertx.undeploy(deployment));
    Optional<ServiceEndpoint.Local> afterClose = ServiceEndpoint.nextLocal(vertx, Service.USER);
    assertThat(afterClose).isEmpty();
  }
}
