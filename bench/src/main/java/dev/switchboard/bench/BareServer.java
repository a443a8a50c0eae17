package dev.switchboard.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * H0: a bare Vert.x 5 HTTP server answering a small JSON GET (a user-sized body), with as many event-loop
 * instances as the gateway gets: the ceiling of any HTTP path on this machine.
 *
 * <p>Usage: {@code BareServer <port> <instances>}
 */
public final class BareServer extends VerticleBase {
  static final Buffer BODY = Buffer.buffer("{\"user_id\":1,\"nick_name\":\"maria.silva\",\"full_name\":\"Maria da Silva\","
      + "\"cpf\":\"52998224725\",\"email\":\"maria@example.com\",\"phone_number\":\"+55 (11) 98765-4321\","
      + "\"created_at\":\"2026-11-20T22:33:24.152553Z\",\"updated_at\":\"2026-11-20T22:33:24.152553Z\"}");
  private final int port;

  BareServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(BODY))
        .listen(port);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx.vertx().deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("H0 listening on " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
