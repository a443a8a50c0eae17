package dev.switchboard.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real launcher, in a child JVM: what a process does with its command line and its modules. */
class SwitchboardLauncherTest {
  private static final String CONF = "{\"http\":{\"host\":\"127.0.0.1\",\"port\":0},\"ops\":{\"port\":0}}";

  /** A module that fails to start stops the process non-zero with the cause, instead of a permanent 503. */
  @Test
  void aModuleThatFailsToStartExitsTheProcessWithStatusOne() throws IOException, InterruptedException {
    Path log = Files.createTempFile("failing-module", ".log");
    Process process = launch(log, FailingApplication.class, "-conf", CONF);
    try {
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(exited).as("the process stopped by itself; output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as(output).isEqualTo(1);
      assertThat(output).contains("Stopping the process").contains("the doomed module cannot start");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  /** {@code -instances N} reaches Vert.x as it is; one process runs, with N instances of its verticles. */
  @Test
  void instancesGoToVertxAndSizeTheVerticlesOfOneProcess() throws IOException, InterruptedException {
    Path log = Files.createTempFile("counting", ".log");
    Process process = launch(log, CountingApplication.class, "-conf", CONF, "-instances", "3");
    try {
      String output = "";
      for (int i = 0; i < 600 && !output.contains("Succeeded in deploying verticle"); i++) {
        Thread.sleep(100);
        output = Files.readString(log, StandardCharsets.UTF_8);
      }
      assertThat(output).as(output).contains("Succeeded in deploying verticle");
      Matcher deployed = Pattern.compile("counter module deployed with instances=(\\d+)").matcher(output);
      List<String> counts = new ArrayList<>();
      while (deployed.find()) {
        counts.add(deployed.group(1));
      }
      assertThat(counts).as(output).containsExactly("3");
      // Netty's allocator events are not registered with JFR: their first registration, on an event loop,
      // held it for over 2 s on a loaded machine (SwitchboardLauncher.nettyDefaults)
      assertThat(output).contains("(netty jfr events=false)");
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static Process launch(Path log, Class<?> application, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SwitchboardLauncher.class.getName(), application.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
