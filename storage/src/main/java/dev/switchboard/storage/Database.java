package dev.switchboard.storage;

import dev.switchboard.platform.FailureClass;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A service's PostgreSQL pool, with a deadline on every query and transaction: a database that is down or
 * hangs (a host gone without closing its sockets) answers within {@code postgres.queryTimeoutMs} with a 503
 * {@link ServiceFailure} — never a 500, never a wait for the TCP timeout. What the request itself got wrong
 * (a constraint, a data error) stays a {@link PgException} for the repository to read.
 */
public final class Database {
  private final Pool pool;
  private final long deadlineMs;

  public Database(Pool pool, Duration queryTimeout) {
    this.pool = pool;
    this.deadlineMs = queryTimeout.toMillis();
  }

  /** A prepared query with its arguments. */
  public Future<RowSet<Row>> query(String sql, Tuple arguments) {
    return bounded(pool.preparedQuery(sql).execute(arguments));
  }

  /** {@code work} in one transaction, committed when its future succeeds. */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return bounded(pool.withTransaction(work));
  }

  /** Answers when the database does (readiness, and a paused consumer's probe). */
  public Future<Void> ping() {
    return query("SELECT 1", Tuple.tuple()).mapEmpty();
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> close() {
    return pool.close();
  }

  private <T> Future<T> bounded(Future<T> work) {
    return work.timeout(deadlineMs, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(unavailableOr(e)));
  }

  /** A failure that is the database's, not the request's, becomes a 503. */
  private static Throwable unavailableOr(Throwable e) {
    if (e instanceof ServiceFailure || FailureClass.of(e) == FailureClass.PERMANENT) {
      return e;
    }
    ServiceFailure unavailable = ServiceFailure.unavailable("The database is not available");
    unavailable.initCause(e);
    return unavailable;
  }
}
