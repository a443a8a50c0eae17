package dev.switchboard.standalone;

import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several of the project's fat jars, each in its own JVM, sharing one {@code -conf} file: the system
 * deployed as separate processes, the way the README shows, for the multi-process tests.
 */
final class Fleet implements AutoCloseable {
  private final Path conf;
  private final boolean clustered;
  private final List<JarProcess> processes = new ArrayList<>();
  private final Map<JarProcess, Integer> opsPorts = new HashMap<>();

  Fleet(JsonObject config, boolean clustered) {
    this.clustered = clustered;
    try {
      Files.createDirectories(Path.of("target"));
      conf = Files.createTempFile(Path.of("target"), "fleet-", ".json");
      Files.writeString(conf, config.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path jar(String module) {
    return Path.of("..", module, "target", module + ".jar");
  }

  /** Starts {@code <module>/target/<module>.jar} on {@code port} with the fleet's config. */
  JarProcess start(String module, int port, String... configOverrides) {
    return startJar(jar(module), module, port, configOverrides);
  }

  /** Starts any of the jars on {@code port} with the fleet's config and {@code key=value} overrides. */
  JarProcess startJar(Path jar, String name, int port, String... configOverrides) {
    return startWithJvmArgs(jar, name, port, new String[0], configOverrides);
  }

  /** Like {@link #startJar}, with JVM arguments of its own ({@code -Dswitchboard.crashAt=...}, say). */
  JarProcess startWithJvmArgs(Path jar, String name, int port, String[] jvmArgs, String... configOverrides) {
    return start(List.of(), jar, name, port, TestConfig.freePort(), jvmArgs, configOverrides);
  }

  /**
   * Starts {@code module}'s jar through {@code wrapper} (which execs the JVM: {@code ip netns exec <host>},
   * say), its HTTP and operations ports given, with the fleet's config and {@code key=value} overrides.
   */
  JarProcess startThrough(List<String> wrapper, String module, String name, int port, int opsPort,
      String... configOverrides) {
    return start(wrapper, jar(module), name, port, opsPort, new String[0], configOverrides);
  }

  private JarProcess start(List<String> wrapper, Path jar, String name, int port, int opsPort, String[] jvmArgs,
      String... configOverrides) {
    JarProcess.Builder builder = JarProcess.jar(jar).through(wrapper.toArray(String[]::new))
        .name(name + "-" + port).config("http.port", port)
        .config("ops.port", opsPort).config("postgres.embedded", false)
        // a "has been blocked" warning comes with the blocked thread's stack (Vert.x's default: after 5 s)
        .jvmArg("-Dvertx.options.warningExceptionTime=1500000000");
    for (String arg : jvmArgs) {
      builder.jvmArg(arg);
    }
    for (String override : configOverrides) {
      String[] kv = override.split("=", 2);
      builder.config(kv[0], kv[1]);
    }
    builder.args("-conf", conf.toAbsolutePath().toString());
    if (clustered) {
      builder.args("-cluster");
    }
    JarProcess process = builder.start();
    processes.add(process);
    opsPorts.put(process, opsPort);
    return process;
  }

  /** The operations port (metrics, detailed readiness) of a process this fleet started. */
  int opsPort(JarProcess process) {
    return opsPorts.get(process);
  }

  /** The whole system, one JVM per service, every process ready. */
  record Deployed(JarProcess user, JarProcess order, JarProcess ping, JarProcess gateway, int gatewayPort) {
  }

  /** Starts the user, order, ping and gateway jars, each on a port of its own, and waits until each is ready. */
  Deployed startSystem() {
    int[] ports = {TestConfig.freePort(), TestConfig.freePort(), TestConfig.freePort(), TestConfig.freePort()};
    JarProcess user = start("user-verticle", ports[0]);
    JarProcess order = start("order-verticle", ports[1]);
    JarProcess ping = start("ping-verticle", ports[2]);
    JarProcess gateway = start("gateway-verticle", ports[3]);
    awaitReady(user, ports[0]);
    awaitReady(order, ports[1]);
    awaitReady(ping, ports[2]);
    awaitReady(gateway, ports[3]);
    return new Deployed(user, order, ping, gateway, ports[3]);
  }

  static void awaitReady(JarProcess process, int port) {
    process.awaitReady(port, Duration.ofSeconds(120));
  }

  /** Every process's output, for a failing test's report. */
  String logs() {
    StringBuilder all = new StringBuilder();
    for (JarProcess p : processes) {
      all.append("==== ").append(p.log()).append('\n').append(p.output()).append('\n');
    }
    return all.toString();
  }

  /** Lines any process wrote that say an event loop was blocked. */
  List<String> blockedThreadWarnings() {
    return processes.stream().flatMap(p -> p.output().lines()).filter(l -> l.contains("has been blocked")).toList();
  }

  @Override
  public void close() {
    processes.forEach(JarProcess::close);
  }
}
