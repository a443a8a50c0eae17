package dev.switchboard.gateway;

import dev.switchboard.cache.Caches;
import dev.switchboard.cache.RedisCache;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;

/** The gateway: {@code instances} HTTP verticles sharing the process's HTTP port. */
public final class GatewayModule implements ServiceModule {
  private final Messaging messaging;
  private final ResponseCache cache;
  private volatile boolean ready;

  /** @param cache the process's response cache ({@link #responseCache}) */
  public GatewayModule(Messaging messaging, ResponseCache cache) {
    this.messaging = messaging;
    this.cache = cache;
  }

  /**
   * The response cache of a process that runs a gateway: Redis when enabled, else an in-process cache —
   * either way applying the invalidations other processes relay.
   */
  public static ResponseCache responseCache(Infrastructure infrastructure, Caches caches) {
    RedisCache redis = caches.redis();
    if (redis != null) {
      redis.listen();
      return redis;
    }
    SwitchboardConfig.Cache config = infrastructure.config().cache();
    LocalCache local = new LocalCache(config.ttl(), config.maxEntries(), config.maxVariants(), caches.relay());
    local.listen();
    return local;
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    SwitchboardConfig config = infrastructure.config();
    Circuits circuits = new Circuits(config.calls(), infrastructure.health());
    AuthSettings settings = AuthSettings.of(config);
    Throttle throttle = new Throttle(cache instanceof RedisCache redis ? redis : null, settings);
    Future<SigningKeys> keys = settings.enabled() ? vertx.executeBlocking(() -> SigningKeys.load(settings))
        : Future.succeededFuture(null);
    Future<OpenApiDocument> api = vertx.executeBlocking(OpenApiDocument::load);
    Future<DocsPage> docs = vertx.executeBlocking(DocsPage::locate);
    boolean console = config.section("console").bool("enabled");
    Future<String> watching = console ? infrastructure.deploy(() -> new ConsoleVerticle(messaging.events(),
        1_000L * config.section("console").integer("staleSeconds", 1, 3_600)), 1) : Future.succeededFuture();
    Future<ContractValidator> contract = api.compose(document -> OpenAPIContract.from(vertx, document.forValidation()))
        .map(ContractValidator::new);
    return Future.all(keys, contract, docs, watching).compose(loaded -> infrastructure.deployEdge(() -> new GatewayVerticle(config,
            infrastructure.health(), messaging.broker(), cache, infrastructure::starting, circuits,
            new GatewayAuth(settings, keys.result(), throttle), api.result(), contract.result(), docs.result(),
            console), config.instances()))
        .onSuccess(id -> ready = true)
        .mapEmpty();
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public boolean servesHttp() {
    return true;
  }
}
