package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the {@code -conf} JSON a test hands to an application: its own HTTP port, its own database, its
 * own queue names, so test classes never see each other's data.
 */
public final class TestConfig {
  private final JsonObject json = new JsonObject();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private String database;

  private TestConfig() {
    json.put("http", new JsonObject().put("host", "127.0.0.1").put("port", freePort()));
    // any free port, unless the test asks for one it can reach (withOpsPort)
    json.put("ops", new JsonObject().put("port", 0));
    json.put("postgres", new JsonObject().put("embedded", false));
    json.put("rabbitmq", new JsonObject().put("enabled", false));
    json.put("redis", new JsonObject().put("enabled", false));
    // the tests of the open behaviour run with sign-in off; withAuth() turns it on
    json.put("auth", new JsonObject().put("enabled", false));
  }

  public static TestConfig create() {
    return new TestConfig();
  }

  /** A new empty database on the test PostgreSQL. */
  public TestConfig withPostgres(String testName) {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    database = TestServices.createDatabase(testName);
    json.getJsonObject("postgres")
        .put("embedded", false)
        .put("host", pg.host())
        .put("port", pg.port())
        .put("user", pg.user())
        .put("password", pg.password())
        .put("database", database);
    return this;
  }

  /** The nick_name of the bootstrap admin {@link #withAuth()} configures. */
  public static final String ADMIN = "root_admin";
  private String adminPassword;

  /**
   * Sign-in on: a bootstrap admin ({@link #ADMIN}, {@link #adminPassword()}) and a signing key generated in a
   * fresh directory.
   */
  public TestConfig withAuth() {
    adminPassword = "admin-" + UUID.randomUUID();
    try {
      json.put("auth", new JsonObject().put("enabled", true)
          .put("keyDir", java.nio.file.Files.createTempDirectory("switchboard-keys").toString())
          .put("bootstrapAdmin", new JsonObject().put("nickName", ADMIN).put("password", adminPassword)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return this;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** A known operations port (metrics, detailed readiness), for tests that read it. */
  public TestConfig withOpsPort() {
    json.getJsonObject("ops").put("port", freePort());
    return this;
  }

  public int opsPort() {
    return json.getJsonObject("ops").getInteger("port");
  }

  /** The test RabbitMQ, with every queue name made unique to this config. */
  public TestConfig withRabbitMq() {
    json.getJsonObject("rabbitmq").put("enabled", true).put("uri", TestServices.rabbitmqUri());
    json.put("queues", new JsonObject()
        .put("ping", "mensagens_async." + suffix)
        .put("user", "user." + suffix)
        .put("order", "order." + suffix)
        .put("orderIntake", "create_order_queue." + suffix)
        .put("pingRpc", "ping." + suffix)
        .put("pongRpc", "pong." + suffix));
    json.put("console", new JsonObject().put("exchange", "switchboard.events." + suffix));
    TestServices.deleteExchangesAtExit(java.util.List.of("switchboard.events." + suffix));
    TestServices.deleteQueuesAtExit(json.getJsonObject("queues").getMap().values().stream().map(String::valueOf).toList());
    return this;
  }

  /** The test Redis, with a cache key prefix unique to this config. */
  public TestConfig withRedis() {
    json.getJsonObject("redis").put("enabled", true).put("uri", TestServices.redisUri());
    json.put("cache", new JsonObject().put("prefix", "it-" + suffix));
    return this;
  }

  public String cachePrefix() {
    return json.getJsonObject("cache").getString("prefix");
  }

  /** Sets any key, by dotted path (e.g. {@code ping.capacity}). */
  public TestConfig put(String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = node.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = next;
    }
    node.put(parts[parts.length - 1], value);
    return this;
  }

  /**
   * Removes what this config made, now: its queues (with their dead-letter queues), its cache keys and its
   * database. (What a crashed test leaves is removed when the test JVM exits.)
   */
  public void cleanUp() {
    if (json.getJsonObject("rabbitmq").getBoolean("enabled", false)) {
      TestServices.deleteQueues(json.getJsonObject("queues").getMap().values().stream().map(String::valueOf).toList());
    }
    if (json.getJsonObject("redis").getBoolean("enabled", false)) {
      TestServices.deleteRedisKeys(cachePrefix());
    }
    if (database != null) {
      TestServices.dropDatabase(database);
    }
  }

  public int httpPort() {
    return json.getJsonObject("http").getInteger("port");
  }

  public String database() {
    return database;
  }

  public String queue(String key) {
    return json.getJsonObject("queues").getString(key);
  }

  public JsonObject json() {
    return json.copy();
  }

  /** A copy with another HTTP port (and any free operations port), for a second process or instance. */
  public JsonObject jsonWithPort(int port) {
    JsonObject copy = json.copy();
    copy.getJsonObject("http").put("port", port);
    copy.getJsonObject("ops").put("port", 0);
    return copy;
  }

  /**
   * A port free now, for a server a test starts later (a child JVM, often seconds later), from 10000–19999:
   * below the kernel's ephemeral range (32768–60999 here) that {@code new ServerSocket(0)} draws from, and
   * that every outgoing connection's local port comes from too — so no connection (Hazelcast's joiner makes
   * dozens) takes it meanwhile, which made a process fail to bind its HTTP port ("Address already in use")
   * in {@code DistributedClusterIT}. Never the same port twice in one test JVM. The clustered tests' Hazelcast
   * ports lie in 20000–32599 ({@code ClusterSettings}).
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = FREE_PORTS_FROM + ThreadLocalRandom.current().nextInt(FREE_PORTS);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException inUse) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port in " + FREE_PORTS_FROM + "–" + (FREE_PORTS_FROM + FREE_PORTS - 1));
  }

  private static final int FREE_PORTS_FROM = 10_000;
  private static final int FREE_PORTS = 10_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
}
