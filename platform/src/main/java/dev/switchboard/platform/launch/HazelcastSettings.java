package dev.switchboard.platform.launch;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * The Hazelcast configuration of a clustered process. It starts from vertx-hazelcast's own (which honours
 * {@code -Dvertx.hazelcast.config=<file>} and a {@code cluster.xml} on the classpath, for anything beyond
 * this) and, unless such a file was given, applies the {@code cluster.*} keys: the cluster name, TCP join
 * to the listed members instead of multicast (or, with {@code cluster.kubernetes.serviceDns}, Hazelcast's
 * Kubernetes discovery in DNS mode), the interface to bind, and failure detection in seconds
 * rather than a minute, so a killed node leaves the cluster quickly, and a split-brain merge looked for
 * every few seconds rather than minutes, so a partition heals by itself soon after the network does.
 */
final class HazelcastSettings {
  /** How often the split-brain handler looks for the other half of a partitioned cluster. */
  static final int MERGE_DELAY_SECONDS = 5;

  private HazelcastSettings() {
  }

  static boolean userSupplied() {
    return System.getProperty("vertx.hazelcast.config") != null
        || HazelcastSettings.class.getClassLoader().getResource("cluster.xml") != null;
  }

  static Config build(SwitchboardConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    if (userSupplied()) {
      return config;
    }
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetesServiceDns().isEmpty()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else {
      // Hazelcast's own Kubernetes discovery, DNS mode: the pods behind a headless service (no API access)
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns())
          .setProperty("service-port", Integer.toString(cluster.port()));
    }
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    // a member listed without a port is looked for on this many ports from cluster.port up
    config.setProperty("hazelcast.tcp.join.port.try.count", "20");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.connection.monitor.interval", "200");
    config.setProperty("hazelcast.connection.monitor.max.faults", "2");
    // after a partition heals, the halves look for each other and merge within seconds (Hazelcast's
    // defaults wait 5 minutes, then 2): a node cut off and brought back rejoins by itself, its event-bus
    // registrations republished by vertx-hazelcast once merged (MultiHostIT shows it)
    config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
    return config;
  }
}
