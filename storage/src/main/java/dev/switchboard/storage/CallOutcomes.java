package dev.switchboard.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Makes a non-idempotent call (create, password change, delete) safe to deliver twice: its answer is
 * recorded by call id in the same transaction as its effect, so a redelivery — the bridge that took it
 * died after the commit, before the ack — finds the answer instead of running again. A call that
 * arrives while its twin is still running waits on the id's row until the twin commits, then reads its
 * answer. Answers are kept a bounded time ({@link #purge}); calls without an id (over the event bus,
 * where nothing is redelivered) run as they are.
 */
public final class CallOutcomes {
  private final Database db;
  private final Clock clock;
  private final String claim;
  private final String record;
  private final String find;
  private final String purge;

  /** @param table the service's own table: {@code call_id varchar PK, answer jsonb, created_at timestamp} */
  public CallOutcomes(Database db, String table, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.claim = "INSERT INTO " + table + " (call_id, created_at) VALUES ($1, $2) ON CONFLICT (call_id) DO NOTHING";
    this.record = "UPDATE " + table + " SET answer = $2 WHERE call_id = $1";
    this.find = "SELECT answer FROM " + table + " WHERE call_id = $1 AND answer IS NOT NULL";
    this.purge = "DELETE FROM " + table + " WHERE created_at < $1";
  }

  /** The answer a call with this id got, or null (none committed, or no id). */
  public Future<JsonObject> find(String callId) {
    if (callId == null) {
      return Future.succeededFuture(null);
    }
    return db.query(find, Tuple.of(callId)).map(rows -> rows.size() == 0 ? null
        : (JsonObject) rows.iterator().next().getValue(0));
  }

  /**
   * Runs {@code effect} in a transaction that also records its answer under {@code callId}; when a call
   * with that id committed first, answers its answer instead. Without an id, just the transaction.
   */
  public Future<Answer> once(String callId, Function<SqlConnection, Future<JsonObject>> effect) {
    if (callId == null) {
      return db.transaction(effect).map(answer -> new Answer(answer, false));
    }
    return db.transaction(conn -> conn.preparedQuery(claim).execute(Tuple.of(callId, Timestamps.now(clock)))
            .compose(claimed -> claimed.rowCount() == 1
                ? effect.apply(conn).compose(answer -> conn.preparedQuery(record)
                    .execute(Tuple.of(callId, answer == null ? new JsonObject() : answer)).map(new Answer(answer, false)))
                : Future.succeededFuture(new Answer(null, true))))
        .compose(answer -> answer.repeated() ? find(callId).map(first -> new Answer(first, true))
            : Future.succeededFuture(answer));
  }

  /** Forgets answers older than {@code age}; the number forgotten. */
  public Future<Integer> purge(Duration age) {
    return db.query(purge, Tuple.of(Timestamps.now(clock).minus(age))).map(rows -> rows.rowCount());
  }

  /** A call's answer, and whether it is the answer of an earlier delivery of the same call. */
  public record Answer(JsonObject body, boolean repeated) {
  }
}
