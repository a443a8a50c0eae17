package dev.switchboard.platform.launch;

import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.contract.ServiceFailureCodec;
import dev.switchboard.platform.ops.OpsVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main verticle of a process: reads the config once, builds the shared {@link Infrastructure}, deploys
 * its modules and, when none of them owns the HTTP port, a health-only server on it. {@code start()}
 * completes when everything local is up (a bad config or a taken port fails it); modules that wait on an
 * outside dependency keep retrying, and {@code /ready} says when the process serves.
 */
public abstract class SwitchboardApplication extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardApplication.class);

  /** Local address on which the application drains when asked (the launcher asks on SIGTERM). */
  static final String DRAIN_ADDRESS = "switchboard.process.drain";
  /** Local address on which the application tells that a module failed to start (the launcher then exits). */
  static final String FAILED_ADDRESS = "switchboard.process.failed";

  /** Which instance of each deployment of an application runs the process (see {@link #start()}). */
  private static final String OWNERS = "switchboard.process.owners";

  private final String token = UUID.randomUUID().toString();
  private Infrastructure infrastructure;
  private MessageConsumer<Object> drainer;
  private List<ServiceModule> modules = List.of();

  /** The process role: picks the bundled {@code switchboard/<role>.json} defaults and names connections. */
  protected abstract String role();

  /**
   * The modules this process runs, each given what it needs: the application opens the clients its modules
   * share (a broker connection, a cache, a database) and hands them to {@link Infrastructure#onClose}.
   */
  protected abstract List<ServiceModule> modules(Infrastructure infrastructure);

  /** Prepares what the modules need before they deploy (the standalone jar starts its PostgreSQL here). */
  protected Future<SwitchboardConfig> prepare(SwitchboardConfig config) {
    return Future.succeededFuture(config);
  }

  /**
   * With {@code -instances N} Vert.x deploys N instances of this verticle. A process owns one set of clients
   * (a database pool, broker connections, the ops port), so the first instance of the deployment runs the
   * process and sizes each event-loop verticle (HTTP servers, consumers) to N instances; the others start
   * idle. Without {@code -instances}, the {@code instances} key says N.
   */
  @Override
  public Future<?> start() {
    LocalMap<String, String> owners = vertx.sharedData().getLocalMap(OWNERS);
    String deployment = context.deploymentID();
    if (owners.putIfAbsent(deployment, token) != null) {
      return Future.succeededFuture();
    }
    JsonObject conf = config().copy();
    if (context.getInstanceCount() > 1) {
      conf.put("instances", context.getInstanceCount());
    }
    SwitchboardConfig loaded = ConfigLoader.load(conf, role());
    ServiceFailureCodec.install(vertx);
    return prepare(loaded).compose(config -> {
      infrastructure = new Infrastructure(vertx, config);
      modules = modules(infrastructure);
      List<Future<?>> local = new ArrayList<>();
      List<Future<?>> all = new ArrayList<>();
      for (ServiceModule module : modules) {
        infrastructure.register(module);
        Future<Void> deployed = module.deploy(vertx, infrastructure);
        all.add(deployed);
        if (module.servesHttp()) {
          local.add(deployed);
        }
      }
      boolean gatewayHere = modules.stream().anyMatch(ServiceModule::servesHttp);
      local.add(vertx.deployVerticle(new OpsVerticle(config, infrastructure.health(), !gatewayHere)));
      drainer = vertx.eventBus().localConsumer(DRAIN_ADDRESS, m -> drain().onComplete(ar -> m.reply(null)));
      Future.all(all).onSuccess(v -> LOG.info("Switchboard {} ready: {} on http://{}:{}", role(),
          modules.stream().map(ServiceModule::name).toList(), displayHost(config.http().host()), config.http().port()))
          .onFailure(e -> {
            LOG.error("Switchboard {} failed to start a module", role(), e);
            vertx.eventBus().publish(FAILED_ADDRESS, role() + ": " + e.getMessage(),
                new DeliveryOptions().setLocalOnly(true));
          });
      local.add(drainer.completion());
      return Future.all(local);
    });
  }

  /** Finishes the work in flight in order (see {@link Infrastructure#drain()}); the process then stops. */
  public Future<Void> drain() {
    return infrastructure == null ? Future.succeededFuture() : infrastructure.drain();
  }


  @Override
  public Future<?> stop() {
    vertx.sharedData().<String, String>getLocalMap(OWNERS).removeIfPresent(context.deploymentID(), token);
    if (drainer != null) {
      drainer.unregister();
    }
    // child verticles (the modules) are undeployed before this runs; then the shared clients close
    return infrastructure == null ? Future.succeededFuture() : infrastructure.close();
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "localhost" : host;
  }
}
