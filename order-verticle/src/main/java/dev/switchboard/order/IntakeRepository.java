package dev.switchboard.order;

import dev.switchboard.contract.order.IntakeStatus;
import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.storage.Database;
import dev.switchboard.storage.GroupCommit;
import dev.switchboard.storage.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code order_intake} table: one row per intake request, from acceptance (QUEUED, with the message it
 * publishes — the outbox) to its outcome (STORED with the order, or REJECTED with the reason), and the
 * transaction that turns a queued message into an order exactly once — even after that order was deleted
 * ({@code stored_at} outlives it).
 */
final class IntakeRepository {
  /** The maximum wait between two republishes of a request still QUEUED. */
  static final Duration MAX_REPUBLISH_INTERVAL = Duration.ofHours(1);

  static final String ACCEPT = "INSERT INTO order_intake (request_id, idempotency_key, payload_hash, payload, status,"
      + " created_at, updated_at) VALUES ($1, $2, $3, $4, 'QUEUED', $5, $5)"
      + " ON CONFLICT (request_id) DO UPDATE SET request_id = EXCLUDED.request_id"
      + " RETURNING status, payload_hash, order_id, reason, (xmax = 0) AS inserted";
  /** {@link #ACCEPT} for many requests in one statement (one commit); rows come back in any order. */
  static final String ACCEPT_ALL = Database.PLANNED_PER_CALL + "INSERT INTO order_intake (request_id, idempotency_key, payload_hash, payload,"
      + " status, created_at, updated_at) SELECT r, k, h, p::jsonb, 'QUEUED', $5, $5"
      + " FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[]) AS t(r, k, h, p)"
      + " ON CONFLICT (request_id) DO UPDATE SET request_id = EXCLUDED.request_id"
      + " RETURNING request_id, status, payload_hash, order_id, reason, (xmax = 0) AS inserted";
  static final String PUBLISHED = "UPDATE order_intake SET published_at = $2 WHERE request_id = $1 AND status = 'QUEUED'";
  static final String STATUS = "SELECT request_id, status, order_id, reason, (payload->>'user_id')::int AS owner"
      + " FROM order_intake WHERE request_id = $1";
  static final String ENSURE = "INSERT INTO order_intake (request_id, status, created_at, updated_at)"
      + " VALUES ($1, 'QUEUED', $2, $2) ON CONFLICT (request_id) DO NOTHING";
  /**
   * The common case in one statement (one commit): the order is inserted if its user exists, its request id
   * is new, and no order was ever stored for this request, and the request records it (still QUEUED until
   * {@link #markStored}). No row back means a duplicate delivery, an order stored before, or a missing user,
   * told apart by {@link #settleUnstored}.
   */
  static final String STORE = "WITH stored AS (INSERT INTO orders (user_id, item_description, item_quantity,"
      + " item_price, total_value, status, request_id, created_at, updated_at)"
      + " SELECT $1::int, $2::varchar, $3::int, $4::int, $3::int * $4::int, 'PENDING', $5::uuid, $6::timestamp,"
      + " $6::timestamp WHERE EXISTS (SELECT 1 FROM users WHERE user_id = $1::int)"
      + " AND NOT EXISTS (SELECT 1 FROM order_intake WHERE request_id = $5::uuid"
      + " AND (status <> 'QUEUED' OR stored_at IS NOT NULL))"
      + " ON CONFLICT (request_id) DO NOTHING RETURNING order_id)"
      + " INSERT INTO order_intake (request_id, status, order_id, stored_at, created_at, updated_at)"
      + " SELECT $5::uuid, 'QUEUED', order_id, $6::timestamp, $6::timestamp, $6::timestamp FROM stored"
      + " ON CONFLICT (request_id) DO UPDATE SET order_id = EXCLUDED.order_id, stored_at = EXCLUDED.stored_at,"
      + " updated_at = EXCLUDED.updated_at"
      + " RETURNING order_id";
  /** {@link #STORE} for many requests in one statement (one commit): the stored ones come back by request id. */
  static final String STORE_ALL = Database.PLANNED_PER_CALL + "WITH input AS (SELECT * FROM unnest($1::int[], $2::varchar[], $3::int[], $4::int[],"
      + " $5::uuid[]) AS t(user_id, item_description, item_quantity, item_price, request_id)),"
      + " stored AS (INSERT INTO orders (user_id, item_description, item_quantity,"
      + " item_price, total_value, status, request_id, created_at, updated_at)"
      + " SELECT i.user_id, i.item_description, i.item_quantity, i.item_price, i.item_quantity * i.item_price, 'PENDING',"
      + " i.request_id, $6::timestamp, $6::timestamp FROM input i"
      + " WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = i.user_id)"
      + " AND NOT EXISTS (SELECT 1 FROM order_intake x WHERE x.request_id = i.request_id"
      + " AND (x.status <> 'QUEUED' OR x.stored_at IS NOT NULL))"
      + " ON CONFLICT (request_id) DO NOTHING RETURNING order_id, request_id)"
      + " INSERT INTO order_intake (request_id, status, order_id, stored_at, created_at, updated_at)"
      + " SELECT request_id, 'QUEUED', order_id, $6::timestamp, $6::timestamp, $6::timestamp FROM stored"
      + " ON CONFLICT (request_id) DO UPDATE SET order_id = EXCLUDED.order_id, stored_at = EXCLUDED.stored_at,"
      + " updated_at = EXCLUDED.updated_at"
      + " RETURNING request_id, order_id";
  static final String LOCK = "SELECT status, order_id, reason, stored_at FROM order_intake WHERE request_id = $1"
      + " FOR UPDATE";
  static final String ORDER_OF_REQUEST = "SELECT order_id FROM orders WHERE request_id = $1";
  static final String SETTLE = "UPDATE order_intake SET status = $2, order_id = $3, reason = $4, updated_at = $5"
      + " WHERE request_id = $1";
  static final String MARK_STORED = "UPDATE order_intake SET status = 'STORED', updated_at = $2"
      + " WHERE request_id = $1 AND status = 'QUEUED' AND stored_at IS NOT NULL";
  /** {@link #MARK_STORED} for many requests in one statement (one commit). */
  static final String MARK_ALL_STORED = Database.PLANNED_PER_CALL + "UPDATE order_intake SET status = 'STORED', updated_at = $2"
      + " WHERE request_id = ANY($1::uuid[]) AND status = 'QUEUED' AND stored_at IS NOT NULL";
  /** Statements of a kind that may run at once before the next calls wait to go together (group commit). */
  static final int GROUP_IN_FLIGHT = 2;
  static final int GROUP_MAX = 128;
  /**
   * Claims requests still QUEUED long after their last publish — each waits {@code $2} seconds, doubled
   * with every republish, at most {@code $3} — and stamps the new publish, so that several instances never
   * take the same ones at once.
   */
  static final String CLAIM_OVERDUE = "UPDATE order_intake SET published_at = $1::timestamp, publishes = publishes + 1"
      + " WHERE request_id IN (SELECT request_id FROM order_intake WHERE status = 'QUEUED'"
      + " AND published_at IS NOT NULL AND payload IS NOT NULL"
      + " AND published_at < $1::timestamp"
      + " - make_interval(secs => LEAST($3::float8, $2::float8 * power(2, LEAST(publishes, 30))))"
      + " ORDER BY published_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
      + " RETURNING request_id, payload";
  static final String PURGE = "DELETE FROM order_intake WHERE request_id IN (SELECT request_id FROM order_intake"
      + " WHERE created_at < $1 LIMIT 1000)";

  /** What recording an acceptance found. */
  record Accepted(boolean inserted, String status, String payloadHash, Integer orderId, String reason) {
  }

  /** The settled outcome of an intake request. */
  record Outcome(String status, Integer orderId, String reason) {
    IntakeStatus of(UUID intakeId) {
      return new IntakeStatus(intakeId, status, orderId, reason);
    }
  }

  /** A request to publish again, with its message. */
  record Overdue(UUID intakeId, JsonObject message) {
  }

  private record Acceptance(UUID intakeId, String idempotencyKey, String payloadHash, JsonObject message) {
  }

  private record Storing(UUID intakeId, NewOrder order) {
  }

  private final Database db;
  private final Clock clock;
  private final GroupCommit<Acceptance, Accepted> accepts;
  private final GroupCommit<Storing, Integer> stores;
  private final GroupCommit<UUID, Void> marks;

  /** Call on the event loop that uses it (its group commits are that loop's). */
  IntakeRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.accepts = new GroupCommit<>(db.queryTimeout(), GROUP_IN_FLIGHT, GROUP_MAX, Acceptance::intakeId, this::acceptOne, this::acceptAll);
    this.stores = new GroupCommit<>(db.queryTimeout(), GROUP_IN_FLIGHT, GROUP_MAX, Storing::intakeId, this::storeOne, this::storeAll);
    this.marks = new GroupCommit<>(db.queryTimeout(), GROUP_IN_FLIGHT, GROUP_MAX, id -> id, this::markOne, this::markAll);
  }

  /**
   * Records an accepted request as QUEUED with the message to publish, or returns the row an earlier
   * attempt with this id left. Acceptances that arrive together are committed together.
   */
  Future<Accepted> accept(UUID intakeId, String idempotencyKey, String payloadHash, JsonObject message) {
    return db.withDeadline(accepts.submit(new Acceptance(intakeId, idempotencyKey, payloadHash, message)));
  }

  private Future<Accepted> acceptOne(Acceptance a) {
    return db.query(ACCEPT, Tuple.of(a.intakeId(), a.idempotencyKey(), a.payloadHash(), a.message(), now()))
        .map(rows -> accepted(rows.iterator().next()));
  }

  private Future<List<Accepted>> acceptAll(List<Acceptance> all) {
    UUID[] ids = new UUID[all.size()];
    String[] keys = new String[all.size()];
    String[] hashes = new String[all.size()];
    String[] payloads = new String[all.size()];
    for (int i = 0; i < ids.length; i++) {
      Acceptance a = all.get(i);
      ids[i] = a.intakeId();
      keys[i] = a.idempotencyKey();
      hashes[i] = a.payloadHash();
      payloads[i] = a.message() == null ? null : a.message().encode();
    }
    return db.query(ACCEPT_ALL, Tuple.of(ids, keys, hashes, payloads, now())).map(rows -> {
      Map<UUID, Accepted> byId = new HashMap<>();
      for (Row row : rows) {
        byId.put(row.getUUID("request_id"), accepted(row));
      }
      List<Accepted> out = new ArrayList<>(ids.length);
      for (UUID id : ids) {
        out.add(byId.get(id));
      }
      return byId.size() == ids.length ? out : List.of();
    });
  }

  private static Accepted accepted(Row row) {
    return new Accepted(row.getBoolean("inserted"), row.getString("status"), row.getString("payload_hash"),
        row.getInteger("order_id"), row.getString("reason"));
  }

  /**
   * Marks a request whose publish failed: from now on, while it is still QUEUED, it is published again
   * (see {@link #CLAIM_OVERDUE}).
   */
  Future<Void> published(UUID intakeId) {
    return db.query(PUBLISHED, Tuple.of(intakeId, now())).mapEmpty();
  }

  /** Claims up to {@code limit} requests overdue for a republish (see {@link #CLAIM_OVERDUE}). */
  Future<List<Overdue>> claimOverdue(Duration after, int limit) {
    return db.query(CLAIM_OVERDUE, Tuple.of(now(), (double) after.toSeconds(),
            (double) MAX_REPUBLISH_INTERVAL.toSeconds(), limit))
        .map(rows -> {
          List<Overdue> overdue = new ArrayList<>(rows.size());
          for (Row row : rows) {
            overdue.add(new Overdue(row.getUUID("request_id"), (JsonObject) row.getValue("payload")));
          }
          return overdue;
        });
  }

  /** Removes requests accepted before {@code olderThan}, a thousand at a time; the number removed. */
  Future<Integer> purge(Duration olderThan) {
    return db.query(PURGE, Tuple.of(now().minus(olderThan))).map(rows -> rows.rowCount());
  }

  /** A request's state and the user it orders for (null for a request kept from before owners were recorded). */
  record Owned(IntakeStatus status, Integer owner) {
  }

  /** The request's state and owner, or null when no such request was accepted. */
  Future<Owned> status(UUID intakeId) {
    return db.read(STATUS, Tuple.of(intakeId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      String status = row.getString("status");
      // an order is announced only once it is STORED (after the caches it changed were invalidated)
      Integer orderId = "STORED".equals(status) ? row.getInteger("order_id") : null;
      return new Owned(new IntakeStatus(intakeId, status, orderId, row.getString("reason")), row.getInteger("owner"));
    });
  }

  /**
   * Stores the order of an intake request exactly once. A request already settled is answered as it was.
   * The order is recorded on the request, which stays QUEUED until {@link #markStored} — called once the
   * caches the new order changes were invalidated — so nobody learns of the order while an old cached
   * listing could still be served. An order whose user does not exist is REJECTED. Concurrent deliveries
   * of one message are kept apart by the unique request id of orders; a delivery after the order was
   * stored and deleted by {@code stored_at}.
   */
  Future<Outcome> store(UUID intakeId, NewOrder order) {
    // deliveries that arrive together are stored in one statement (one commit); the rest of the way is each one's
    return db.withDeadline(stores.submit(new Storing(intakeId, order)))
        .compose(orderId -> orderId != null
            ? Future.succeededFuture(new Outcome("STORED", orderId, null))
            : settleUnstored(intakeId, order, now()));
  }

  /** The order id stored for this request now, or null when none was (see {@link #settleUnstored}). */
  private Future<Integer> storeOne(Storing s) {
    NewOrder order = s.order();
    return db.query(STORE, Tuple.of(order.userId(), order.itemDescription(), order.itemQuantity(), order.itemPrice(),
            s.intakeId(), now()))
        .map(stored -> stored.size() == 1 ? stored.iterator().next().getInteger(0) : null);
  }

  private Future<List<Integer>> storeAll(List<Storing> all) {
    int n = all.size();
    Integer[] users = new Integer[n];
    String[] descriptions = new String[n];
    Integer[] quantities = new Integer[n];
    Integer[] prices = new Integer[n];
    UUID[] ids = new UUID[n];
    for (int i = 0; i < n; i++) {
      NewOrder order = all.get(i).order();
      users[i] = order.userId();
      descriptions[i] = order.itemDescription();
      quantities[i] = order.itemQuantity();
      prices[i] = order.itemPrice();
      ids[i] = all.get(i).intakeId();
    }
    return db.query(STORE_ALL, Tuple.of(users, descriptions, quantities, prices, ids, now())).map(rows -> {
      Map<UUID, Integer> byId = new HashMap<>();
      for (Row row : rows) {
        byId.put(row.getUUID("request_id"), row.getInteger("order_id"));
      }
      List<Integer> out = new ArrayList<>(n);
      for (UUID id : ids) {
        out.add(byId.get(id));
      }
      return out;
    });
  }

  /**
   * No order was inserted: the request was settled before (answered as it was), or an order was stored for
   * it before (perhaps deleted since), or it is a duplicate delivery (the order exists), or its user does
   * not exist.
   */
  private Future<Outcome> settleUnstored(UUID intakeId, NewOrder order, LocalDateTime now) {
    return db.transaction(conn -> conn.preparedQuery(ENSURE).execute(Tuple.of(intakeId, now))
        .compose(v -> conn.preparedQuery(LOCK).execute(Tuple.of(intakeId)))
        .compose(locked -> {
          Row row = locked.iterator().next();
          if (!"QUEUED".equals(row.getString("status"))) {
            return Future.succeededFuture(new Outcome(row.getString("status"), row.getInteger("order_id"),
                row.getString("reason")));
          }
          if (row.getLocalDateTime("stored_at") != null) {
            return Future.succeededFuture(new Outcome("STORED", row.getInteger("order_id"), null));
          }
          return decide(conn, intakeId, order, now);
        }));
  }

  private Future<Outcome> decide(SqlConnection conn, UUID intakeId, NewOrder order, LocalDateTime now) {
    return conn.preparedQuery(ORDER_OF_REQUEST).execute(Tuple.of(intakeId))
        .compose(existing -> {
          Outcome outcome = existing.size() == 1
              ? new Outcome("STORED", existing.iterator().next().getInteger(0), null)
              : new Outcome("REJECTED", null, "user_id " + order.userId() + " does not exist");
          return "STORED".equals(outcome.status())
              ? settle(conn, intakeId, new Outcome("QUEUED", outcome.orderId(), null), now).map(outcome)
              : settle(conn, intakeId, outcome, now);
        });
  }

  /** Announces a stored order: the request becomes STORED. */
  Future<Void> markStored(UUID intakeId) {
    return db.withDeadline(marks.submit(intakeId));
  }

  private Future<Void> markOne(UUID intakeId) {
    return db.query(MARK_STORED, Tuple.of(intakeId, now())).mapEmpty();
  }

  private Future<List<Void>> markAll(List<UUID> ids) {
    return db.query(MARK_ALL_STORED, Tuple.of(ids.toArray(new UUID[0]), now()))
        .map(rows -> Collections.nCopies(ids.size(), (Void) null));
  }

  /** Records a REJECTED outcome for a request whose message carried no valid order. */
  Future<Outcome> reject(UUID intakeId, String reason) {
    return db.transaction(conn -> {
      LocalDateTime now = now();
      return conn.preparedQuery(ENSURE).execute(Tuple.of(intakeId, now))
          .compose(v -> conn.preparedQuery(LOCK).execute(Tuple.of(intakeId)))
          .compose(locked -> {
            Row row = locked.iterator().next();
            if (!"QUEUED".equals(row.getString("status")) || row.getLocalDateTime("stored_at") != null) {
              return Future.succeededFuture(new Outcome(row.getString("status"), row.getInteger("order_id"),
                  row.getString("reason")));
            }
            return settle(conn, intakeId, new Outcome("REJECTED", null, reason), now);
          });
    });
  }

  private Future<Outcome> settle(SqlConnection conn, UUID intakeId, Outcome outcome, LocalDateTime now) {
    String reason = outcome.reason() == null ? null
        : outcome.reason().substring(0, Math.min(512, outcome.reason().length()));
    return conn.preparedQuery(SETTLE).execute(Tuple.of(intakeId, outcome.status(), outcome.orderId(), reason, now))
        .map(outcome);
  }

  private LocalDateTime now() {
    return Timestamps.now(clock);
  }
}
