package dev.switchboard.user;

import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.messaging.Messaging;
import dev.switchboard.platform.launch.Infrastructure;
import dev.switchboard.platform.launch.ServiceModule;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.PgPools;
import dev.switchboard.storage.Postgres;
import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The user service: applies its migrations (retrying until the database is there), then serves with
 * {@code instances} verticles, each with its own share of the PostgreSQL connections, and — when its
 * transport is rabbitmq — from its RabbitMQ request queue.
 */
public final class UserModule implements ServiceModule {
  static final String MIGRATIONS = "db/migration/user";
  static final String HISTORY_TABLE = "flyway_history_user";
  private final Messaging messaging;
  private final Postgres postgres;
  private final CacheInvalidator cache;
  private volatile boolean ready;

  public UserModule(Messaging messaging, Postgres postgres, CacheInvalidator cache) {
    this.messaging = messaging;
    this.postgres = postgres;
    this.cache = cache;
  }

  @Override
  public String name() {
    return "user";
  }

  @Override
  public Future<Void> deploy(Vertx vertx, Infrastructure infrastructure) {
    UserSettings settings = UserSettings.of(infrastructure.config());
    HashingPool hashing = HashingPool.forMachine();
    infrastructure.onClose(hashing::close);
    BootstrapAdmin admin = BootstrapAdmin.read(infrastructure.config().section("auth"));
    // loading libargon2 and its known-answer hash take ~20 ms: on a worker, while the migrations run
    Future<Argon2Phc> codec = vertx.executeBlocking(() -> new Argon2Phc(settings.hashingEngine().engine()));
    return Future.all(codec, postgres.migrate(MIGRATIONS, HISTORY_TABLE))
        .compose(v -> bootstrap(vertx, infrastructure, admin, PasswordHasher.on(vertx, hashing, codec.result())))
        // one hash of a random password for the whole module (see UserService.signIn)
        .compose(v -> PasswordHasher.on(vertx, hashing, codec.result()).hash(java.util.UUID.randomUUID().toString()))
        .compose(dummy -> infrastructure.deploy(() -> new UserVerticle(infrastructure.config(), messaging, cache,
            hashing, codec.result(), dummy), infrastructure.config().instances()))
        .onSuccess(id -> ready = true)
        .mapEmpty();
  }

  /** Applies the bootstrap admin once per process, on a pool of its own. */
  private static Future<Void> bootstrap(Vertx vertx, Infrastructure infrastructure, BootstrapAdmin admin,
                                        PasswordHasher hasher) {
    if (!admin.wanted()) {
      return Future.succeededFuture();
    }
    SwitchboardConfig config = infrastructure.config();
    Database db = new Database(PgPools.create(vertx, config.postgres(), 1), config.postgres().timeouts().query());
    return admin.apply(db, hasher, Clock.systemUTC()).eventually(db::close);
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
