package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ports handed to child processes lie below the kernel's ephemeral range, where no outgoing connection
 * can take one between the test choosing it and the process binding it, and apart from the clustered tests'
 * Hazelcast ports ({@link ClusterSettings}).
 */
class FreePortTest {
  @Test
  void freePortsAreBelowTheEphemeralRangeAndNeverRepeat() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralFrom = 32768;
    if (Files.isReadable(range)) {
      // a proc file has no size: Files.readString would read a byte of it
      try (BufferedReader reader = Files.newBufferedReader(range)) {
        ephemeralFrom = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = TestConfig.freePort();
      assertThat(port).isBetween(10_000, Math.min(19_999, ephemeralFrom - 1));
      assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
    }
    for (int i = 0; i < 50; i++) {
      int base = ClusterSettings.unique().getInteger("port");
      assertThat(base).isBetween(20_000, 32_599 - 99);
      assertThat(base + 99).isLessThan(ephemeralFrom);
    }
  }
}
