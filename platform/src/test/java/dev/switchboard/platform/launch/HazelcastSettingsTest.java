package dev.switchboard.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.switchboard.platform.config.SwitchboardConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster.* keys become Hazelcast's join: TCP to the listed members, or Kubernetes discovery by DNS. */
class HazelcastSettingsTest {
  @Test
  void listedMembersJoinOverTcp() {
    Config config = HazelcastSettings.build(new SwitchboardConfig.Cluster("sb", "127.0.0.1", 5701,
        List.of("10.0.0.1", "10.0.0.2:5702"), ""));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    // a partition heals within seconds of the network, not after Hazelcast's default 5 minutes
    assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
  }

  @Test
  void aServiceDnsNameJoinsThroughKubernetesDiscovery() {
    Config config = HazelcastSettings.build(new SwitchboardConfig.Cluster("sb", "10.1.2.3", 5701,
        List.of("127.0.0.1"), "switchboard-cluster.shop.svc.cluster.local"));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("switchboard-cluster.shop.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(config.getClusterName()).isEqualTo("sb");
  }
}
