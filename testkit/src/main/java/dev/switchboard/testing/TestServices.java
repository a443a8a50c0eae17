package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one place that decides where integration tests find PostgreSQL, RabbitMQ and Redis, in this order:
 * <ol>
 *   <li>an explicit override: system property {@code it.postgres.url} / {@code it.rabbitmq.uri} /
 *       {@code it.redis.uri}, or environment variable {@code IT_POSTGRES_URL} / {@code IT_RABBITMQ_URI} /
 *       {@code IT_REDIS_URI} (e.g. {@code postgresql://postgres:secret@db:5432},
 *       {@code amqp://guest:guest@mq:5672}, {@code redis://cache:6379});</li>
 *   <li>the service on localhost at its standard port, when it answers;</li>
 *   <li>a Testcontainers container, when Docker is available;</li>
 *   <li>otherwise the test fails when {@code CI=true} and is skipped, with a message saying why, elsewhere.</li>
 * </ol>
 * Each is resolved once per JVM. Tests isolate themselves with {@link #createDatabase} and unique queue
 * names and key prefixes ({@link TestConfig}); the databases and queues they made are removed when the test
 * JVM exits, so repeated runs leave nothing behind on a shared broker or server.
 */
public final class TestServices {
  private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();
  private static final Set<String> QUEUES = ConcurrentHashMap.newKeySet();
  private static final Set<String> EXCHANGES = ConcurrentHashMap.newKeySet();
  private static boolean cleanUpHooked;
  private static Resolved<PostgresEndpoint> postgres;
  private static Resolved<String> rabbitmq;
  private static Resolved<String> redis;

  private TestServices() {
  }

  /** Where PostgreSQL is: host, port and a user allowed to create databases. */
  public record PostgresEndpoint(String host, int port, String user, String password) {
    public String jdbcUrl(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
  }

  public static synchronized PostgresEndpoint postgres() {
    if (postgres == null) {
      postgres = resolve("PostgreSQL", "it.postgres.url", "IT_POSTGRES_URL", TestServices::parsePostgres,
          () -> reachable("127.0.0.1", 5432) ? new PostgresEndpoint("127.0.0.1", 5432, "postgres", "") : null,
          () -> {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16-alpine"));
            c.start();
            return new PostgresEndpoint(c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword());
          });
    }
    return postgres.get();
  }

  /**
   * Messages of {@code queue} delivered and not yet acknowledged, as the local broker's {@code rabbitmqctl}
   * reports them (AMQP itself does not tell); {@code Long.MAX_VALUE} when it cannot say.
   */
  public static long unacknowledged(String queue) {
    try {
      Process p = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "name", "messages_unacknowledged")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      for (String line : out.split("\n")) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length == 2 && cols[0].equals(queue)) {
          return Long.parseLong(cols[1]);
        }
      }
      return Long.MAX_VALUE;
    } catch (IOException | NumberFormatException e) {
      return Long.MAX_VALUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Long.MAX_VALUE;
    }
  }

  public static synchronized String rabbitmqUri() {
    if (rabbitmq == null) {
      rabbitmq = resolve("RabbitMQ", "it.rabbitmq.uri", "IT_RABBITMQ_URI", uri -> uri,
          () -> reachable("127.0.0.1", 5672) ? "amqp://guest:guest@127.0.0.1:5672" : null,
          () -> {
            RabbitMQContainer c = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management-alpine"));
            c.start();
            return c.getAmqpUrl().replace("amqp://", "amqp://guest:guest@");
          });
    }
    return rabbitmq.get();
  }

  public static synchronized String redisUri() {
    if (redis == null) {
      redis = resolve("Redis", "it.redis.uri", "IT_REDIS_URI", uri -> uri,
          () -> reachable("127.0.0.1", 6379) ? "redis://127.0.0.1:6379" : null,
          () -> {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
            c.start();
            return "redis://" + c.getHost() + ":" + c.getMappedPort(6379);
          });
    }
    return redis.get();
  }

  /** Creates an empty database for one test class and returns its name. */
  public static String createDatabase(String prefix) {
    PostgresEndpoint pg = postgres();
    String name = ("it_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    DATABASES.add(name);
    cleanUpAtExit();
    return name;
  }

  /** Deletes these queues, and their companions ({@code .dlq}, {@code .retry}), when the test JVM exits. */
  /** Deletes these exchanges when the test JVM exits. */
  public static void deleteExchangesAtExit(Collection<String> exchanges) {
    EXCHANGES.addAll(exchanges);
    cleanUpAtExit();
  }

  public static void deleteQueuesAtExit(Collection<String> queues) {
    QUEUES.addAll(queues);
    cleanUpAtExit();
  }

  private static synchronized void cleanUpAtExit() {
    if (!cleanUpHooked) {
      cleanUpHooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(TestServices::cleanUp, "test-services-clean-up"));
    }
  }

  /** Deletes these queues and their companions ({@code <name>.dlq}, {@code <name>.retry}) now. */
  public static void deleteQueues(Collection<String> queues) {
    try (RawAmqp amqp = new RawAmqp(rabbitmqUri())) {
      for (String queue : queues) {
        amqp.deleteQueue(queue);
        amqp.deleteQueue(queue + ".dlq");
        amqp.deleteQueue(queue + ".retry");
      }
    }
  }

  /** Deletes the Redis keys under {@code prefix} (a cache prefix: keys {@code <prefix>:...}). */
  public static void deleteRedisKeys(String prefix) {
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = Redis.createClient(vertx, redisUri());
      Response keys = Await.result(redis.send(Request.cmd(Command.KEYS).arg(prefix + ":*")));
      for (Response key : keys) {
        Await.result(redis.send(Request.cmd(Command.DEL).arg(key.toString())));
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  private static void cleanUp() {
    if (!EXCHANGES.isEmpty()) {
      try (RawAmqp amqp = new RawAmqp(rabbitmqUri())) {
        EXCHANGES.forEach(amqp::deleteExchange);
      } catch (RuntimeException e) {
        System.err.println("Could not delete the test exchanges: " + e.getMessage());
      }
    }
    if (!QUEUES.isEmpty()) {
      try {
        deleteQueues(QUEUES);
      } catch (RuntimeException e) {
        System.err.println("Could not delete the test queues: " + e.getMessage());
      }
    }
    for (String database : DATABASES) {
      try {
        dropDatabase(database);
      } catch (RuntimeException e) {
        System.err.println("Could not drop test database " + database + ": " + e.getMessage());
      }
    }
  }

  /** Drops a database made by {@link #createDatabase}, disconnecting whoever still uses it. */
  public static void dropDatabase(String name) {
    PostgresEndpoint pg = postgres();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot drop test database " + name, e);
    }
  }

  private static PostgresEndpoint parsePostgres(String url) {
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : "";
    }
    return new PostgresEndpoint(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static <T> Resolved<T> resolve(String service, String property, String env,
                                         java.util.function.Function<String, T> fromOverride,
                                         Supplier<T> local, Supplier<T> container) {
    String override = System.getProperty(property, System.getenv(env));
    if (override != null && !override.isBlank()) {
      return Resolved.of(fromOverride.apply(override.trim()));
    }
    T found = local.get();
    if (found != null) {
      return Resolved.of(found);
    }
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (docker) {
      return Resolved.of(container.get());
    }
    return Resolved.missing(service + " is not reachable: set " + property + " / " + env
        + ", start it on localhost at its standard port, or make Docker available for Testcontainers");
  }

  private record Resolved<T>(T value, String missing) {
    static <T> Resolved<T> of(T value) {
      return new Resolved<>(value, null);
    }

    static <T> Resolved<T> missing(String why) {
      return new Resolved<>(null, why);
    }

    T get() {
      if (missing == null) {
        return value;
      }
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: a missing service fails the build)");
      }
      Assumptions.abort(missing);
      return null;
    }
  }
}
