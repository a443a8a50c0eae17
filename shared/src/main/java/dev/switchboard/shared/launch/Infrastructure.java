package dev.switchboard.shared.launch;

import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.cache.CacheRelay;
import dev.switchboard.shared.cache.LocalCache;
import dev.switchboard.shared.cache.RedisCache;
import dev.switchboard.shared.cache.ResponseCache;
import dev.switchboard.shared.config.SwitchboardConfig;
import dev.switchboard.shared.db.Database;
import dev.switchboard.shared.db.Migrations;
import dev.switchboard.shared.db.PgPools;
import dev.switchboard.shared.ops.Health;
import dev.switchboard.shared.rabbit.Broadcast;
import dev.switchboard.shared.queue.WorkQueues;
import dev.switchboard.shared.rabbit.Broker;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the modules of one process share: the config, the health checks, and — created when a module first
 * asks — one PostgreSQL pool, one RabbitMQ connection and one response cache (Redis or in-process). It
 * also keeps the deployments the modules make, so a stopping process can drain them in order: first the
 * edges that take requests (HTTP servers, RabbitMQ request bridges), then the rest.
 */
public final class Infrastructure {
  private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final String processName;
  private final Health health;
  private final List<Deployment> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<ServiceModule> modules = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Broker broker;
  private WorkQueues workQueues;
  private Database postgres;
  private RedisCache redisCache;
  private LocalCache localCache;
  private CacheRelay relay;
  private boolean listening;
  private volatile boolean draining;

  private record Deployment(String id, boolean edge) {
  }

  public Infrastructure(Vertx vertx, SwitchboardConfig config, String processName) {
    this.vertx = vertx;
    this.config = config;
    this.processName = processName;
    this.health = new Health(vertx);
    health.registerFlag("shutdown", () -> !draining, () -> "draining: finishing work in flight");
  }

  public SwitchboardConfig config() {
    return config;
  }

  public Health health() {
    return health;
  }

  /** Registers a module of this process: readiness reports it, and {@link #starting()} waits for it. */
  public void register(ServiceModule module) {
    modules.add(module);
    health.registerFlag(module.name(), module::ready, () -> "starting");
  }

  /** Whether some module of this process has not finished starting yet (its requests cannot be served). */
  public boolean starting() {
    return !draining && modules.stream().anyMatch(m -> !m.ready());
  }

  public String processName() {
    return processName;
  }

  /** The process's RabbitMQ connections, connecting in the background on first use. */
  public synchronized Broker broker() {
    if (broker == null) {
      broker = Broker.start(vertx, config.rabbitmq(), "switchboard-" + processName);
      Broker b = broker;
      health.register("rabbitmq", () -> {
        JsonObject state = b.state();
        return Future.succeededFuture("DOWN".equals(state.getString("state")) ? Status.KO(state) : Status.OK(state));
      });
    }
    return broker;
  }

  /** The process's work queues: on RabbitMQ when enabled, on the event bus otherwise. */
  public synchronized WorkQueues workQueues() {
    if (workQueues == null) {
      workQueues = new WorkQueues(config, config.rabbitmq().enabled() ? broker() : null, health);
    }
    return workQueues;
  }

  /**
   * The process's own small PostgreSQL pool, for its readiness check. (Service verticles create their own
   * pools, on their own event loops: {@link PgPools#forInstance}.)
   */
  public synchronized Database postgres() {
    if (postgres == null) {
      postgres = new Database(PgPools.create(vertx, config.postgres(), 1), config.postgres().timeouts().query());
      Database db = postgres;
      health.register("postgres", () -> db.ping()
          .map(v -> Status.OK())
          .otherwise(e -> Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage())))));
    }
    return postgres;
  }

  /** The response cache the gateway reads and fills: Redis when enabled, in-process otherwise. */
  public synchronized ResponseCache cache() {
    if (config.redis().enabled()) {
      RedisCache cache = redis();
      if (!listening) {
        listening = true;
        cache.listen();
      }
      return cache;
    }
    return local();
  }

  /**
   * How services invalidate what they change: Redis when enabled (relayed to the gateways when this
   * process cannot reach it); otherwise this process's in-process cache, relayed to the other processes.
   */
  public synchronized CacheInvalidator cacheInvalidator() {
    return config.redis().enabled() ? redis() : local();
  }

  private LocalCache local() {
    if (localCache == null) {
      localCache = new LocalCache(config.cache().ttl(), config.cache().maxEntries(), config.cache().maxVariants(),
          relay());
      localCache.listen();
    }
    return localCache;
  }

  private RedisCache redis() {
    if (redisCache == null) {
      redisCache = new RedisCache(vertx, config.redis().uri(), config.cache().prefix(), config.cache().ttl(),
          config.cache().maxVariants(), relay());
      RedisCache cache = redisCache;
      // a Redis outage degrades the process (no cache) but does not stop it serving
      health.register("redis", () -> Future.succeededFuture(Status.OK(cache.state())));
      cache.open();
    }
    return redisCache;
  }

  /** Invalidation notices to the gateways of every process: the event bus, and RabbitMQ when enabled. */
  private CacheRelay relay() {
    if (relay == null) {
      relay = new CacheRelay(vertx, config.rabbitmq().enabled()
          ? Broadcast.start(vertx, broker(), config.cache().prefix() + ".invalidations") : null);
    }
    return relay;
  }

  /** Applies a service's migrations, retrying until the database accepts them. */
  public Future<Void> migrate(String location, String historyTable) {
    return migrate(location, historyTable, null);
  }

  /** Applies a service's migrations once {@code requiredTable} (another service's) exists. */
  public Future<Void> migrate(String location, String historyTable, String requiredTable) {
    return Migrations.migrate(vertx, config.postgres(), location, historyTable, requiredTable);
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
  public Future<Void> drain() {
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

  public boolean draining() {
    return draining;
  }

  public synchronized Future<Void> close() {
    List<Future<?>> closing = new ArrayList<>();
    if (broker != null) {
      closing.add(broker.close());
    }
    if (postgres != null) {
      closing.add(postgres.close());
    }
    if (redisCache != null) {
      closing.add(redisCache.close());
    }
    if (localCache != null) {
      closing.add(localCache.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
