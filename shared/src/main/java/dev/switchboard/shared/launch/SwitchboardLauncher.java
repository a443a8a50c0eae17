package dev.switchboard.shared.launch;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Main-Class} of every Switchboard jar: Vert.x 5's {@link VertxApplication} (so {@code -conf},
 * {@code -cluster}, {@code -instances} … work as Vert.x documents them), with these additions:
 * <ul>
 *   <li>a {@code -conf} that is neither a readable JSON file nor inline JSON stops start-up instead of being
 *       ignored;</li>
 *   <li>{@code -instances N} is handed to the main verticle as the {@code instances} config key: the process
 *       runs one main verticle (it owns per-process resources such as the database pool) and N instances of
 *       each event-loop verticle (HTTP servers, service consumers).</li>
 * </ul>
 */
public class SwitchboardLauncher extends VertxApplication implements VertxApplicationHooks {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardLauncher.class);

  public SwitchboardLauncher(String[] args) {
    super(args);
  }

  public static void main(String[] args) {
    String conf = confArgument(args);
    if (conf != null && !readableJson(conf)) {
      LOG.error("-conf {} is neither a readable JSON file nor a JSON object", conf);
      System.exit(1);
    }
    new SwitchboardLauncher(args).launch();
  }

  @Override
  public void beforeDeployingVerticle(HookContext context) {
    DeploymentOptions options = context.deploymentOptions();
    if (options.getInstances() > 1) {
      JsonObject config = options.getConfig() == null ? new JsonObject() : options.getConfig();
      config.put("instances", options.getInstances());
      options.setConfig(config).setInstances(1);
    }
  }

  private static String confArgument(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equalsIgnoreCase("-conf") || args[i].equalsIgnoreCase("--conf")) {
        return args[i + 1];
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
    } catch (InvalidPathException | java.io.IOException | io.vertx.core.json.DecodeException e) {
      // not a file: try inline JSON below
    }
    try {
      new JsonObject(conf);
      return true;
    } catch (io.vertx.core.json.DecodeException e) {
      return false;
    }
  }
}
