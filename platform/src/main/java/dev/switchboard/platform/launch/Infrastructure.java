package dev.switchboard.platform.launch;

import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.ops.Health;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the modules of one process share — the config and the health checks — and what the process owns:
 * the deployments its modules make (so a stopping process drains them in order: first the edges that take
 * requests, HTTP servers and RabbitMQ request bridges, then the rest) and the clients its application
 * opened ({@link #onClose}), closed last, newest first. It builds nothing itself: the application says
 * what each module needs and passes it in (see {@link SwitchboardApplication#modules}).
 */
public final class Infrastructure {
  private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final Health health;
  private final List<Deployment> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<ServiceModule> modules = new CopyOnWriteArrayList<>();
  private final List<Supplier<Future<?>>> closers = new CopyOnWriteArrayList<>();
  private volatile boolean draining;

  private record Deployment(String id, boolean edge) {
  }

  public Infrastructure(Vertx vertx, SwitchboardConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.health = new Health(vertx);
    health.registerFlag("shutdown", () -> !draining, () -> "draining: finishing work in flight");
    if (vertx.isClustered()) {
      // the members this node sees: after a partition, each half reports its own size until they merge
      ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
      health.register("cluster", () -> Future.succeededFuture(Status.OK(new JsonObject()
          .put("members", cluster.getNodes().size()).put("node", cluster.getNodeId()))));
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public SwitchboardConfig config() {
    return config;
  }

  public Health health() {
    return health;
  }

  /** Closes {@code close} when the process stops, after its modules (last registered, first closed). */
  public void onClose(Supplier<Future<?>> close) {
    closers.add(close);
  }

  /** Registers a module of this process: readiness reports it, and {@link #starting()} waits for it. */
  void register(ServiceModule module) {
    modules.add(module);
    health.registerFlag(module.name(), module::ready, () -> "starting");
  }

  /** Whether some module of this process has not finished starting yet (its requests cannot be served). */
  public boolean starting() {
    return !draining && modules.stream().anyMatch(m -> !m.ready());
  }

  /** Deploys a module's verticle, remembering it for the ordered drain. */
  public Future<String> deploy(Supplier<? extends Deployable> verticle, int instances) {
    return deploy(verticle, instances, false);
  }

  /** Deploys a verticle that takes requests from outside (HTTP, a request queue): drained first. */
  public Future<String> deployEdge(Supplier<? extends Deployable> verticle, int instances) {
    return deploy(verticle, instances, true);
  }

  private Future<String> deploy(Supplier<? extends Deployable> verticle, int instances, boolean edge) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> deployments.add(new Deployment(id, edge)));
  }

  /**
   * Stops the process's work in order: readiness turns 503; the edges stop taking requests and finish the
   * ones in flight; then the services and consumers stop (consumers hand back what they did not finish).
   * Each verticle's own stop is bounded by {@code shutdown.graceSeconds}.
   */
  Future<Void> drain() {
    draining = true;
    List<Deployment> all;
    synchronized (deployments) {
      all = new ArrayList<>(deployments);
    }
    Collections.reverse(all);
    LOG.info("Draining: finishing the work in flight (at most {} s)", config.shutdown().grace().toSeconds());
    return undeploy(all.stream().filter(Deployment::edge).toList())
        .compose(v -> undeploy(all.stream().filter(d -> !d.edge()).toList()));
  }

  private Future<Void> undeploy(List<Deployment> group) {
    List<Future<?>> undeployed = new ArrayList<>();
    for (Deployment d : group) {
      if (vertx.deploymentIDs().contains(d.id())) {
        undeployed.add(vertx.undeploy(d.id()).onFailure(e -> LOG.warn("Undeploying {}: {}", d.id(), e.getMessage())));
      }
      deployments.remove(d);
    }
    return Future.join(undeployed).mapEmpty();
  }

  /** Closes what the application opened, newest first, each whatever became of the one before. */
  Future<Void> close() {
    Future<?> chain = Future.succeededFuture();
    List<Supplier<Future<?>>> reversed = new ArrayList<>(closers);
    Collections.reverse(reversed);
    for (Supplier<Future<?>> close : reversed) {
      chain = chain.eventually(close::get);
    }
    return chain.mapEmpty();
  }
}
