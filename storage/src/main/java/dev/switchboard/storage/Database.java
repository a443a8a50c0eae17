package dev.switchboard.storage;

import dev.switchboard.platform.FailureClass;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
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
  /**
   * Begins a statement that must be planned for its arguments each time, never from a cached generic plan:
   * a batch over {@code unnest} of array arguments, whose generic plan, made while a table is still nearly
   * empty, scans the whole table for ever after (a hash join where a per-row index probe is right).
   */
  public static final String PLANNED_PER_CALL = "/* planned per call */ ";

  private final Pool pool;
  private final SqlClient reads;
  private final long deadlineMs;

  public Database(Pool pool, Duration queryTimeout) {
    this(pool, pool, queryTimeout);
  }

  /**
   * {@code reads} runs the reads of {@link #read} (a pipelining client: many reads in flight on one
   * connection, written out together), {@code pool} the writes and transactions, each on a connection of
   * its own — a commit waits for its WAL flush, and on a pipelined connection every statement behind it
   * would wait too.
   */
  public Database(Pool pool, SqlClient reads, Duration queryTimeout) {
    this.pool = pool;
    this.reads = reads;
    this.deadlineMs = queryTimeout.toMillis();
  }

  /** A prepared statement with its arguments, in a transaction of its own (a write, or a read that must see one). */
  public Future<RowSet<Row>> query(String sql, Tuple arguments) {
    return bounded(pool.preparedQuery(sql).execute(arguments));
  }

  /** A prepared read-only statement (a {@code SELECT}) with its arguments, on the pipelined read connections. */
  public Future<RowSet<Row>> read(String sql, Tuple arguments) {
    return bounded(reads.preparedQuery(sql).execute(arguments));
  }

  /** {@code work} in one transaction, committed when its future succeeds. */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return bounded(pool.withTransaction(work));
  }

  /** The deadline of every query and transaction ({@code postgres.queryTimeoutMs}). */
  public Duration queryTimeout() {
    return Duration.ofMillis(deadlineMs);
  }

  /**
   * {@code work} under this database's deadline, from now: a 503 when it has not finished in time (for
   * work that waits before it reaches the pool, such as a {@link GroupCommit} call).
   */
  public <T> Future<T> withDeadline(Future<T> work) {
    return bounded(work);
  }

  /** Answers when the database does (readiness, and a paused consumer's probe). */
  public Future<Void> ping() {
    return Future.join(query("SELECT 1", Tuple.tuple()), read("SELECT 1", Tuple.tuple())).mapEmpty();
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> close() {
    return reads == pool ? pool.close() : Future.join(reads.close(), pool.close()).mapEmpty();
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
