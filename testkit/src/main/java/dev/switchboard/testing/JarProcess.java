package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's fat jars started as its own JVM, the way a user starts it, with its output in a
 * log file under {@code target/}. Stopped with SIGTERM ({@link #stop()}) or SIGKILL ({@link #kill()}).
 */
public final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final String name;

  private JarProcess(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /** Builder of a {@code java [jvmArgs] -jar jar [args]} command. */
  public static Builder jar(Path jar) {
    return new Builder(jar);
  }

  public static final class Builder {
    private final Path jar;
    private final List<String> wrapper = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path workDir = Path.of(".");
    private String name;

    private Builder(Path jar) {
      this.jar = jar;
      this.name = jar.getFileName().toString().replace(".jar", "");
    }

    /**
     * A command the JVM is started through, which must end by exec'ing it (so the process is the JVM):
     * {@code ip netns exec <namespace>}, say.
     */
    public Builder through(String... command) {
      wrapper.addAll(List.of(command));
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** {@code -Dswitchboard.<key>=<value>}. */
    public Builder config(String key, Object value) {
      return jvmArg("-Dswitchboard." + key + "=" + value);
    }

    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder workDir(Path dir) {
      workDir = dir;
      return this;
    }

    public Builder name(String processName) {
      name = processName;
      return this;
    }

    public JarProcess start() {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: run `./mvnw package` (or verify) first");
      }
      List<String> command = new ArrayList<>(wrapper);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.addAll(jvmArgs);
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
      command.addAll(args);
      try {
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(Path.of("target"), name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new JarProcess(builder.start(), log, name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Waits until {@code GET http://127.0.0.1:port/ready} answers 200. */
  public JarProcess awaitReady(int port, Duration timeout) {
    return awaitReady("127.0.0.1", port, timeout);
  }

  /** Waits until {@code GET http://host:port/ready} answers 200. */
  public JarProcess awaitReady(String host, int port, Duration timeout) {
    Await.until(name + " to be ready on " + host + ":" + port + " (log: " + log + ")", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      return status(host, port, "/ready") == 200;
    });
    return this;
  }

  /** The HTTP status of a GET, or -1 when nothing answers. */
  public static int status(int port, String path) {
    return status("127.0.0.1", port, path);
  }

  /** The HTTP status of a GET to {@code host}, or -1 when nothing answers. */
  public static int status(String host, int port, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
          .timeout(Duration.ofSeconds(2)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  public Path log() {
    return log;
  }

  /** SIGTERM, then waits (bounded) for the JVM's shutdown to finish. */
  public int stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGKILL: no shutdown hooks, as a crash. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }
}
