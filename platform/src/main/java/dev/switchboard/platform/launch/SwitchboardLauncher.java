package dev.switchboard.platform.launch;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.platform.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Main-Class} of every Switchboard jar: Vert.x 5's {@link VertxApplication} (so {@code -conf},
 * {@code -cluster}, {@code -instances} … work as Vert.x documents them), with these additions:
 * <ul>
 *   <li>a {@code -conf} that is neither a readable JSON file nor inline JSON stops start-up instead of being
 *       ignored;</li>
 *   <li>{@code -cluster} joins the Hazelcast cluster the {@code cluster.*} config keys describe (TCP join,
 *       no multicast), and the event bus binds {@code cluster.host} unless {@code -cluster-host} says
 *       otherwise;</li>
 *   <li>{@code -instances N} goes to Vert.x as it is: of the N main verticles, one runs the process (it owns
 *       per-process resources such as the database pool) with N instances of each event-loop verticle (HTTP
 *       servers, service consumers), see {@link SwitchboardApplication#start()}.</li>
 * </ul>
 */
public class SwitchboardLauncher extends VertxApplication implements VertxApplicationHooks {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardLauncher.class);
  /** Each verticle's stop is bounded by shutdown.graceSeconds; this bounds the whole drain. */
  private static final long DRAIN_LIMIT_S = 120;
  private final String[] args;
  private SwitchboardConfig.Cluster cluster;

  public SwitchboardLauncher(String[] args) {
    super(args);
    this.args = args.clone();
  }

  public static void main(String[] args) {
    nettyDefaults();
    String conf = argument(args, "-conf", "--conf");
    if (conf != null && !readableJson(conf)) {
      LOG.error("-conf {} is neither a readable JSON file nor a JSON object", conf);
      System.exit(1);
    }
    new SwitchboardLauncher(args).launch();
  }

  /**
   * Netty 4.2 registers its allocator's JFR events the first time an event loop allocates a chunk, and a JFR
   * event's registration defines a class: on a loaded 2-core machine that held an event loop for over 2 s
   * ({@code MultiHostIT} caught it, the stack ending in {@code AllocateChunkEvent.<clinit>}). Those events
   * are off in JFR's own settings anyway, so they are not registered unless {@code -Dio.netty.jfr.enabled=true}
   * asks for them. Runs before any Netty class is loaded.
   */
  static void nettyDefaults() {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
  }

  /**
   * A clustered process needs the {@code cluster} keys before Vert.x exists, so only then the launcher merges
   * the config itself, with the same pure {@link ConfigLoader#load} the main verticle calls.
   */
  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    if (hasFlag("-cluster", "--cluster", "-c")) {
      try {
        cluster = ConfigLoader.load(config, null).cluster();
      } catch (ConfigException e) {
        // reported with the other config problems when the main verticle reads the config
        cluster = null;
      }
    }
    return config;
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    VertxBuilder builder = VertxApplicationHooks.super.createVertxBuilder(options);
    if (cluster != null) {
      builder.withClusterManager(new HazelcastClusterManager(HazelcastSettings.build(cluster)));
      LOG.info("Joining cluster {} as {} (members {})", cluster.name(), cluster.host(), cluster.members());
    }
    return builder;
  }

  /** A module that fails to start stops the process, non-zero, with the cause logged. */
  @Override
  public void afterVertxStarted(HookContext context) {
    Vertx vertx = context.vertx();
    vertx.eventBus().<String>localConsumer(SwitchboardApplication.FAILED_ADDRESS, m -> {
      LOG.error("Stopping the process: {}", m.body());
      // exit off the event loop: System.exit waits for the shutdown hooks, which close Vert.x
      new Thread(() -> System.exit(1), "switchboard-exit").start();
    });
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    context.vertxOptions().setMetricsOptions(Metrics.options());
    // Vert.x has applied -cluster-host by now; without it the event bus binds cluster.host
    if (cluster != null && Objects.equals(context.vertxOptions().getEventBusOptions().getHost(),
        EventBusOptions.DEFAULT_CLUSTER_HOST)) {
      context.vertxOptions().getEventBusOptions().setHost(cluster.host());
    }
  }

  /**
   * SIGTERM: before Vert.x undeploys everything at once, drain in order — stop taking requests, finish
   * those in flight, stop the consumers so that unacknowledged messages return to their queues.
   */
  @Override
  public void beforeStoppingVertx(HookContext context) {
    try {
      context.vertx().eventBus().request(SwitchboardApplication.DRAIN_ADDRESS, null,
              new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(DRAIN_LIMIT_S)))
          .toCompletionStage().toCompletableFuture().get(DRAIN_LIMIT_S + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
        // the application never started (its start failed): there is nothing to drain
        return;
      }
      LOG.warn("Draining did not finish cleanly: {}", String.valueOf(e.getMessage()));
    } catch (TimeoutException e) {
      LOG.warn("Draining did not finish cleanly: {}", String.valueOf(e.getMessage()));
    }
  }

  private boolean hasFlag(String... names) {
    return Arrays.stream(args).anyMatch(a -> Arrays.stream(names).anyMatch(a::equalsIgnoreCase));
  }

  private static String argument(String[] args, String... names) {
    for (int i = 0; i < args.length - 1; i++) {
      for (String name : names) {
        if (args[i].equalsIgnoreCase(name)) {
          return args[i + 1];
        }
      }
    }
    return null;
  }

  private static boolean readableJson(String conf) {
    try {
      Path path = Path.of(conf);
      if (Files.isRegularFile(path)) {
        new JsonObject(Files.readString(path));
        return true;
      }
    } catch (InvalidPathException | IOException | DecodeException e) {
      // not a file: try inline JSON below
    }
    try {
      new JsonObject(conf);
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }
}
