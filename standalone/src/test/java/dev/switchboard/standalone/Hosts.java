package dev.switchboard.standalone;

import dev.switchboard.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts this machine makes for itself: each a Linux network namespace ({@code sbnet-<name>}) with one
 * veth leg on a bridge the harness creates ({@code sbnet0}, 10.77.0.1/24 on this machine's side) and an
 * address of its own in 10.77.0.0/24; a host may have a second, private link to this machine
 * (10.77.1.0/30), the way a gateway has a public side apart from its cluster network. Only addresses it
 * made itself are ever used. {@link #cut} takes a host's bridge link down inside its namespace (the host
 * is gone from the network without closing a socket: a pulled cable) and {@link #restore} brings it back.
 *
 * <p>Services of this machine reach the hosts through relays ({@code socat}): {@link #relay} listens on a
 * host's address (or this machine's bridge address) and forwards to a local service — so PostgreSQL can
 * sit on this machine's side of the bridge and RabbitMQ on a host of its own that can be cut off.
 *
 * <p>Everything made is removed by {@link #close} (processes in the namespaces killed, namespaces, links
 * and relays deleted), by a shutdown hook when the test JVM exits first, and — for a run that was killed —
 * by the next run before it makes anything. Where namespaces cannot be made (not root, no {@code ip} or
 * {@code socat}) the test is skipped with the reason, and fails under {@code CI=true}.
 */
final class Hosts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hosts.class);
  static final String PREFIX = "sbnet-";
  static final String BRIDGE = "sbnet0";
  /** This machine's address on the bridge: where its relays of local services listen. */
  static final String MACHINE = "10.77.0.1";

  /** A host: its namespace, its address on the bridge, and its private link's address if it has one. */
  record Host(String name, String address, String privateAddress) {
    String namespace() {
      return PREFIX + name;
    }

    /** The command prefix that runs a program on this host. */
    List<String> exec() {
      return List.of("ip", "netns", "exec", namespace());
    }
  }

  private final List<Host> hosts = new ArrayList<>();
  private final List<Process> relays = new ArrayList<>();
  private final Thread hook = new Thread(this::removeAll, "hosts-cleanup");
  private boolean privateLinkMade;

  private Hosts() {
  }

  /** A bridge of its own, ready for {@link #add}; skips (or under {@code CI=true} fails) where it cannot. */
  static Hosts create() {
    String unavailable = unavailable();
    if (unavailable != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(unavailable + " (CI=true: the multi-host tests must run)");
      }
      Assumptions.abort(unavailable);
    }
    sweep();
    Hosts made = new Hosts();
    Runtime.getRuntime().addShutdownHook(made.hook);
    try {
      run("ip", "link", "add", BRIDGE, "type", "bridge");
      run("ip", "addr", "add", MACHINE + "/24", "dev", BRIDGE);
      run("ip", "link", "set", BRIDGE, "up");
    } catch (RuntimeException e) {
      made.close();
      throw e;
    }
    return made;
  }

  /** Why hosts cannot be made here, or null. */
  private static String unavailable() {
    for (String tool : List.of("ip", "socat")) {
      if (exec(List.of("sh", "-c", "command -v " + tool)).rc != 0) {
        throw new AssertionError("the multi-host tests need `" + tool + "` (apt-get install -y "
            + ("ip".equals(tool) ? "iproute2" : tool) + "; .ci/run installs it)");
      }
    }
    String probe = PREFIX + "probe";
    Result added = exec(List.of("ip", "netns", "add", probe));
    if (added.rc != 0) {
      return "network namespaces cannot be made here (root is needed): `ip netns add` said: " + added.output.strip();
    }
    exec(List.of("ip", "netns", "del", probe));
    return null;
  }

  /** A new host {@code name} at 10.77.0.{@code octet}, with {@code eth0} on the bridge. */
  Host add(String name, int octet) {
    return add(name, octet, false);
  }

  /**
   * The same, and with {@code withPrivateLink} a second link ({@code eth1}, 10.77.1.2/30) to this machine
   * (10.77.1.1), which {@link #cut} leaves up. One host may have it.
   */
  Host add(String name, int octet, boolean withPrivateLink) {
    if (withPrivateLink && privateLinkMade) {
      throw new IllegalStateException("one host only has a private link");
    }
    Host host = new Host(name, "10.77.0." + octet, withPrivateLink ? "10.77.1.2" : null);
    String ns = host.namespace();
    run("ip", "netns", "add", ns);
    hosts.add(host);
    String leg = "sbv" + octet;
    run("ip", "link", "add", leg, "type", "veth", "peer", "name", "eth0", "netns", ns);
    run("ip", "link", "set", leg, "master", BRIDGE, "up");
    run("ip", "-n", ns, "addr", "add", host.address() + "/24", "dev", "eth0");
    run("ip", "-n", ns, "link", "set", "eth0", "up");
    run("ip", "-n", ns, "link", "set", "lo", "up");
    if (withPrivateLink) {
      privateLinkMade = true;
      run("ip", "link", "add", "sbp" + octet, "type", "veth", "peer", "name", "eth1", "netns", ns);
      run("ip", "addr", "add", "10.77.1.1/30", "dev", "sbp" + octet);
      run("ip", "link", "set", "sbp" + octet, "up");
      run("ip", "-n", ns, "addr", "add", host.privateAddress() + "/30", "dev", "eth1");
      run("ip", "-n", ns, "link", "set", "eth1", "up");
    }
    return host;
  }

  /**
   * A TCP relay listening on {@code on} ({@code null}: this machine, at {@link #MACHINE}) at {@code port},
   * forwarding each connection to {@code targetHost:targetPort}, reachable once this returns.
   */
  void relay(Host on, int port, String targetHost, int targetPort) {
    String address = on == null ? MACHINE : on.address();
    List<String> command = new ArrayList<>(on == null ? List.of() : on.exec());
    String target;
    try {
      target = InetAddress.getByName(targetHost).getHostAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError("cannot resolve " + targetHost, e);
    }
    command.addAll(List.of("socat", "TCP-LISTEN:" + port + ",bind=" + address + ",fork,reuseaddr",
        "TCP:" + (target.contains(":") ? "[" + target + "]" : target) + ":" + targetPort));
    try {
      Process relay = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      relays.add(relay);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!reachable(address, port)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("relay " + address + ":" + port + " -> " + targetHost + ":" + targetPort
            + " did not start");
      }
      Await.sleep(50);
    }
  }

  /** Takes the host's bridge link down inside its namespace: nothing reaches it, no socket is closed. */
  void cut(Host host) {
    run("ip", "-n", host.namespace(), "link", "set", "eth0", "down");
  }

  /** Brings the host's bridge link back. */
  void restore(Host host) {
    run("ip", "-n", host.namespace(), "link", "set", "eth0", "up");
  }

  static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private synchronized void removeAll() {
    for (Process relay : relays) {
      relay.descendants().forEach(ProcessHandle::destroyForcibly);
      relay.destroyForcibly();
    }
    relays.clear();
    for (Host host : hosts) {
      removeNamespace(host.namespace());
    }
    hosts.clear();
    exec(List.of("ip", "link", "del", BRIDGE));
  }

  /** What an earlier run that was killed left: its namespaces (and whatever runs in them), bridge and relays. */
  private static void sweep() {
    Result list = exec(List.of("ip", "netns", "list"));
    list.output.lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(PREFIX)).forEach(ns -> {
      LOG.warn("removing {}, left by an earlier run", ns);
      removeNamespace(ns);
    });
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("socat") && c.contains("bind=10.77.")).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    exec(List.of("ip", "link", "del", BRIDGE));
    exec(List.of("sh", "-c", "for l in $(ip -o link show | sed -n 's/^[0-9]*: \\(sb[vp][0-9]*\\)@.*/\\1/p'); do"
        + " ip link del $l; done"));
  }

  private static void removeNamespace(String ns) {
    exec(List.of("sh", "-c", "ip netns pids " + ns + " | xargs -r kill -9"));
    for (int i = 0; i < 50 && !exec(List.of("ip", "netns", "pids", ns)).output.isBlank(); i++) {
      Await.sleep(100);
    }
    exec(List.of("ip", "netns", "del", ns));
  }

  private record Result(int rc, String output) {
  }

  private static void run(String... command) {
    Result result = exec(List.of(command));
    if (result.rc != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (" + result.rc + "): " + result.output.strip());
    }
  }

  private static Result exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out: " + output);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
