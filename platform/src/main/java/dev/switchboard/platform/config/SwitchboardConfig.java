package dev.switchboard.platform.config;

import dev.switchboard.contract.Service;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

// Why one file of this size: one small record per config section, each with its reader, so that every key,
// its type and its bounds are found in one place next to the section that uses them.
/**
 * The configuration every process shares, read once at start-up from the merged JSON tree
 * (see {@link ConfigLoader}) and passed down as small typed records. A service's own sections ({@code ping},
 * {@code order}, {@code intake}) are read by its module through {@link #section}.
 */
public record SwitchboardConfig(
    Http http,
    Ops ops,
    Postgres postgres,
    RabbitMq rabbitmq,
    Redis redis,
    Queues queues,
    Transports transport,
    Calls calls,
    Cache cache,
    Shutdown shutdown,
    Cluster cluster,
    int instances,
    JsonObject json) {

  public static SwitchboardConfig from(JsonObject json) {
    ConfigReader root = ConfigReader.root(json);
    SwitchboardConfig config = new SwitchboardConfig(
        Http.read(root.section("http")),
        Ops.read(root.section("ops")),
        Postgres.read(root.section("postgres")),
        RabbitMq.read(root.section("rabbitmq")),
        Redis.read(root.section("redis")),
        Queues.read(root.section("queues")),
        Transports.read(root.section("transport")),
        Calls.read(root.section("calls")),
        Cache.read(root.section("cache")),
        Shutdown.read(root.section("shutdown")),
        Cluster.read(root.section("cluster")),
        root.integer("instances", 1, 256),
        json.copy());
    config.checkTransports();
    return config;
  }

  /** A service reached over RabbitMQ needs RabbitMQ. */
  private void checkTransports() {
    if (rabbitmq.enabled()) {
      return;
    }
    for (String service : List.of("user", "order", "ping")) {
      Transport t = switch (service) {
        case "user" -> transport.user();
        case "order" -> transport.order();
        default -> transport.ping();
      };
      if (t == Transport.RABBITMQ) {
        throw new ConfigException("Config key transport." + service
            + " is rabbitmq but rabbitmq.enabled is false: enable RabbitMQ or use the eventbus transport");
      }
    }
  }

  /**
   * A section of the merged tree, for the module it belongs to to read (the ping service's {@code ping}, the
   * order service's {@code order} and {@code intake}); its keys were type-checked against the defaults.
   */
  public ConfigReader section(String name) {
    return ConfigReader.root(json).section(name);
  }

  /** A copy with the PostgreSQL location replaced (used when the standalone jar starts its own server). */
  public SwitchboardConfig withPostgres(Postgres replacement) {
    return new SwitchboardConfig(http, ops, replacement, rabbitmq, redis, queues, transport, calls, cache, shutdown,
        cluster, instances, json);
  }

  /**
   * The public HTTP port and what it tolerates from a client: a connection idle longer than
   * {@code idleTimeoutSeconds} is closed; a request whose headers (or body) have not fully arrived within
   * {@code headerTimeoutMs} ({@code bodyTimeoutMs}) is answered 408 and its connection closed, so a client
   * that sends a byte a second holds nothing for long; sizes beyond the limits are refused (431, 414, 413).
   */
  public record Http(String host, int port, int idleTimeoutSeconds, long headerTimeoutMs, long bodyTimeoutMs,
                     int maxHeaderSize, int maxInitialLineLength, int maxBodyBytes, int maxFormAttributeSize,
                     int maxFormFields) {
    static Http read(ConfigReader r) {
      return new Http(r.nonBlank("host"), r.integer("port", 0, 65535), r.integer("idleTimeoutSeconds", 1, 86_400),
          r.integer("headerTimeoutMs", 100, 600_000), r.integer("bodyTimeoutMs", 100, 600_000),
          r.integer("maxHeaderSize", 1024, 1024 * 1024), r.integer("maxInitialLineLength", 256, 1024 * 1024),
          r.integer("maxBodyBytes", 1024, 64 * 1024 * 1024), r.integer("maxFormAttributeSize", 256, 1024 * 1024),
          r.integer("maxFormFields", 1, 10_000));
    }
  }

  /**
   * The operations port: {@code /metrics} and the detailed {@code /ready}, for operators and scrapers only,
   * bound to {@code host} (loopback by default). {@code port} -1 means the public port + 1000 (any free port
   * when the public one is 0).
   */
  public record Ops(String host, int port) {
    static Ops read(ConfigReader r) {
      return new Ops(r.nonBlank("host"), r.integer("port", -1, 65535));
    }

    /** The port to listen on, given the public one. */
    public int portBeside(Http http) {
      if (port >= 0) {
        return port;
      }
      return http.port() == 0 ? 0 : http.port() + 1000;
    }
  }

  /**
   * PostgreSQL. With {@code embedded} the standalone jar starts a real PostgreSQL from bundled binaries,
   * keeping its files in {@code dataDir} and listening on {@code embeddedPort} (0: any free port); host and
   * port then describe nothing.
   */
  public record Postgres(boolean embedded, int embeddedPort, String host, int port, String database, String user,
                         String password, int poolSize, String dataDir, Timeouts timeouts) {
    static Postgres read(ConfigReader r) {
      return new Postgres(r.bool("embedded"), r.integer("embeddedPort", 0, 65535), r.nonBlank("host"),
          r.integer("port", 1, 65535), r.nonBlank("database"), r.nonBlank("user"), r.string("password"),
          r.integer("poolSize", 1, 1000), r.nonBlank("dataDir"), new Timeouts(
              Duration.ofMillis(r.integer("connectTimeoutMs", 1, 600_000)),
              Duration.ofMillis(r.integer("queryTimeoutMs", 1, 600_000)),
              Duration.ofMillis(r.integer("statementTimeoutMs", 0, 3_600_000)),
              Duration.ofMillis(r.integer("poolWaitTimeoutMs", 1, 600_000)),
              Duration.ofSeconds(r.integer("readIdleTimeoutSeconds", 0, 86_400)),
              r.bool("tcpKeepAlive")));
    }

    public Postgres at(String newHost, int newPort) {
      return new Postgres(false, embeddedPort, newHost, newPort, database, user, password, poolSize, dataDir, timeouts);
    }

    public Postgres withDatabase(String newDatabase) {
      return new Postgres(embedded, embeddedPort, host, port, newDatabase, user, password, poolSize, dataDir, timeouts);
    }

    /**
     * What keeps a dead or hanging PostgreSQL from holding requests: connecting is bounded; each query has a
     * client-side deadline ({@code queryTimeout}, answered 503) and a server-side {@code statement_timeout};
     * waiting for a pooled connection is bounded; a connection that reads nothing for
     * {@code readIdleTimeout} (0: never) is closed, and TCP keepalive finds peers gone without a word.
     */
    public record Timeouts(Duration connect, Duration query, Duration statement, Duration poolWait,
                           Duration readIdle, boolean tcpKeepAlive) {
    }

    public String jdbcUrl(String db) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }
  }

  public record RabbitMq(boolean enabled, String uri, int prefetch, Duration confirmTimeout) {
    static RabbitMq read(ConfigReader r) {
      return new RabbitMq(r.bool("enabled"), r.nonBlank("uri"), r.integer("prefetch", 1, 65535),
          Duration.ofMillis(r.integer("confirmTimeoutMs", 1, 600_000)));
    }

    public RabbitMq withUri(String newUri) {
      return new RabbitMq(enabled, newUri, prefetch, confirmTimeout);
    }

    /** The URI without its password, for logs. */
    public String safeUri() {
      return uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
      return "RabbitMq[enabled=" + enabled + ", uri=" + safeUri() + ", prefetch=" + prefetch + "]";
    }
  }

  public record Redis(boolean enabled, String uri) {
    static Redis read(ConfigReader r) {
      return new Redis(r.bool("enabled"), r.nonBlank("uri"));
    }

    @Override
    public String toString() {
      return "Redis[enabled=" + enabled + ", uri=" + uri.replaceAll("//([^@]*)@", "//***@") + "]";
    }
  }

  /**
   * Queue names on RabbitMQ — work queues (ping, orderIntake) and the request queues of each service — and
   * how work-queue messages are retried: at most {@code maxAttempts} failures before a message is
   * dead-lettered, back-off from {@code retryInitialMs} doubling up to {@code retryMaxMs}, and a handler
   * that has not answered within {@code handlerTimeoutMs} counts as a transient failure.
   */
  public record Queues(String ping, String user, String order, String orderIntake, String pingRpc, String pongRpc,
                       int maxAttempts, long retryInitialMs, long retryMaxMs, Duration handlerTimeout) {
    static Queues read(ConfigReader r) {
      long initial = r.integer("retryInitialMs", 1, 3_600_000);
      long max = r.integer("retryMaxMs", 1, 86_400_000);
      if (max < initial) {
        throw r.fail("retryMaxMs", "must be at least " + r.key("retryInitialMs"));
      }
      return new Queues(r.nonBlank("ping"), r.nonBlank("user"), r.nonBlank("order"), r.nonBlank("orderIntake"),
          r.nonBlank("pingRpc"), r.nonBlank("pongRpc"), r.integer("maxAttempts", 1, 1_000), initial, max,
          Duration.ofMillis(r.integer("handlerTimeoutMs", 1, 3_600_000)));
    }

    /** The RabbitMQ queue that carries requests to {@code service} when its transport is rabbitmq. */
    public String requestQueue(Service service) {
      return switch (service) {
        case USER -> user;
        case ORDER -> order;
        case PING -> pingRpc;
        case PONG -> pongRpc;
      };
    }
  }

  /** The transport the gateway uses for each service. */
  public record Transports(Transport user, Transport order, Transport ping) {
    static Transports read(ConfigReader r) {
      return new Transports(r.transport("user"), r.transport("order"), r.transport("ping"));
    }

    /** The transport of {@code service}; the pong side follows the ping service's. */
    public Transport of(Service service) {
      return switch (service) {
        case USER -> user;
        case ORDER -> order;
        case PING, PONG -> ping;
      };
    }
  }

  /**
   * Every call to a service has an explicit timeout. The gateway guards each service with a circuit
   * breaker: after {@code breakerFailures} timeouts or 503s in a row it answers 503 at once for
   * {@code breakerResetMs}, then lets one call through to probe.
   */
  public record Calls(Duration timeout, int breakerFailures, Duration breakerReset) {
    static Calls read(ConfigReader r) {
      return new Calls(Duration.ofMillis(r.integer("timeoutMs", 1, 600_000)), r.integer("breakerFailures", 1, 10_000),
          Duration.ofMillis(r.integer("breakerResetMs", 1, 600_000)));
    }
  }

  /**
   * The gateway's response cache: entries live {@code ttlSeconds}; the in-process cache holds at most
   * {@code maxEntries} resources; a resource keeps at most {@code maxVariants} listing variants (beyond
   * them an answer is served uncached); Redis keys start with {@code prefix}.
   */
  public record Cache(Duration ttl, int maxEntries, int maxVariants, String prefix) {
    static Cache read(ConfigReader r) {
      return new Cache(Duration.ofSeconds(r.integer("ttlSeconds", 1, 86_400)), r.integer("maxEntries", 1, 100_000_000),
          r.integer("maxVariants", 1, 1_000), r.nonBlank("prefix"));
    }
  }

  /** How long a stopping process lets work in flight finish. */
  public record Shutdown(Duration grace) {
    static Shutdown read(ConfigReader r) {
      return new Shutdown(Duration.ofSeconds(r.integer("graceSeconds", 0, 3_600)));
    }
  }

  /**
   * The Hazelcast cluster that {@code -cluster} joins: its name, the address this member binds (and the
   * event bus uses), its first port, and the members to contact over TCP (no multicast): {@code host} or
   * {@code host:port}; a member without a port is looked for on the 20 ports from {@code port} up.
   */
  /**
   * @param kubernetesServiceDns when not empty, members are found through Hazelcast's Kubernetes discovery in
   *                             DNS mode (the headless service's name) instead of {@code members}
   */
  public record Cluster(String name, String host, int port, List<String> members, String kubernetesServiceDns) {
    static Cluster read(ConfigReader r) {
      List<String> members = r.strings("members");
      if (members.isEmpty()) {
        throw r.fail("members", "must list at least one member");
      }
      return new Cluster(r.nonBlank("name"), r.nonBlank("host"), r.integer("port", 1, 65535), List.copyOf(members),
          r.section("kubernetes").string("serviceDns").strip());
    }
  }

  /** Never print the raw tree (it holds passwords). */
  @Override
  public String toString() {
    return "SwitchboardConfig[http=" + http + ", ops=" + ops + ", postgres=" + postgres + ", rabbitmq=" + rabbitmq + ", redis=" + redis
        + ", queues=" + queues + ", transport=" + transport + ", calls=" + calls
        + ", cache=" + cache + ", shutdown=" + shutdown + ", cluster=" + cluster + ", instances=" + instances + "]";
  }
}
