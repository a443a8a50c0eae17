package dev.switchboard.user;

import dev.switchboard.messaging.Messaging;
import dev.switchboard.messaging.bus.ServiceEndpoint;
import dev.switchboard.cache.CacheInvalidator;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.storage.PgPools;
import dev.switchboard.contract.user.UserApi;
import dev.switchboard.contract.Access;
import dev.switchboard.contract.Service;
import dev.switchboard.platform.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import dev.switchboard.storage.CallOutcomes;
import dev.switchboard.storage.Database;
import java.time.Duration;
import java.time.Clock;

/** Serves the user service's event-bus API. */
public final class UserVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  static final String CALLS_TABLE = "user_calls";
  private static final Duration KEEP_ANSWERS = Duration.ofHours(1);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(5);
  private final CacheInvalidator cache;
  private long purger = -1;
  private Database db;
  private PasswordHasher hasher;
  private ServiceEndpoint endpoint;
  private Sessions sessions;

  private final HashingPool hashing;
  private final Argon2Phc phc;
  private final Messaging messaging;

  private final String dummyHash;

  /** @param dummyHash the module's hash of a random password, for sign-ins of unknown nick_names */
  UserVerticle(SwitchboardConfig config, Messaging messaging, CacheInvalidator cache, HashingPool hashing,
               Argon2Phc phc, String dummyHash) {
    this.dummyHash = dummyHash;
    this.config = config;
    this.messaging = messaging;
    this.cache = cache;
    this.hashing = hashing;
    this.phc = phc;
  }

  @Override
  public Future<?> start() {
    db = PgPools.forInstance(vertx, config);
    hasher = PasswordHasher.on(vertx, hashing, phc);
    Clock clock = Clock.systemUTC();
    CallOutcomes calls = new CallOutcomes(db, CALLS_TABLE, clock);
    ConfigReader auth = config.section("auth");
    sessions = new Sessions(db, clock, Duration.ofDays(auth.integer("refreshTtlDays", 1, 3650)));
    UserService users = new UserService(new UserRepository(db, clock), calls, hasher, cache, sessions,
        Access.of(auth.bool("enabled")), dummyHash);
    endpoint = messaging.endpoint(vertx, Service.USER).serve(UserApi.server(users));
    // answers are kept long enough for any redelivery (a request lives at most calls.timeoutMs)
    purger = vertx.setPeriodic(PURGE_EVERY.toMillis(), t -> {
      calls.purge(KEEP_ANSWERS);
      sessions.purgeExpired();
    });
    return Future.all(cache.open(), endpoint.register());
  }

  /** Finishes the calls in hand (at most the shutdown grace), then closes its pool. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = endpoint == null ? Future.succeededFuture() : endpoint.close(config.shutdown().grace());
    return drained.eventually(() -> {
      vertx.cancelTimer(purger);
      return db == null ? Future.succeededFuture() : db.close();
    });
  }
}
