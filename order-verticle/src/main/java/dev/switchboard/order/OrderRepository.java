package dev.switchboard.order;

import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.contract.order.Order;
import dev.switchboard.contract.order.OrderChanges;
import dev.switchboard.storage.Rows;
import dev.switchboard.storage.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import dev.switchboard.storage.Database;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The {@code orders} table. An order is only ever inserted for a user that exists (checked in the same
 * statement, with the foreign key as the last word), and its total is always computed by PostgreSQL from
 * the quantity and price it stores, so the two can never disagree.
 */
final class OrderRepository {
  static final String COLUMNS = "order_id, user_id, item_description, item_quantity, item_price, total_value,"
      + " status, created_at, updated_at";
  static final String INSERT = "INSERT INTO orders (user_id, item_description, item_quantity, item_price,"
      + " total_value, status, created_at, updated_at)"
      + " SELECT $1::int, $2::varchar, $3::int, $4::int, $3::int * $4::int, 'PENDING', $5::timestamp, $5::timestamp"
      + " WHERE EXISTS (SELECT 1 FROM users WHERE user_id = $1::int)"
      + " RETURNING " + COLUMNS;
  static final String LIST = "SELECT " + COLUMNS + " FROM orders WHERE ($1::int IS NULL OR user_id = $1)"
      + " ORDER BY order_id LIMIT $2 OFFSET $3";
  static final String USER_EXISTS = "SELECT EXISTS (SELECT 1 FROM users WHERE user_id = $1)";
  static final String FIND = "SELECT " + COLUMNS + " FROM orders WHERE order_id = $1";
  static final String UPDATE = "UPDATE orders SET item_description = COALESCE($2, item_description),"
      + " item_quantity = COALESCE($3, item_quantity), item_price = COALESCE($4, item_price),"
      + " total_value = COALESCE($3, item_quantity) * COALESCE($4, item_price),"
      + " status = COALESCE($5, status), updated_at = $6 WHERE order_id = $1 RETURNING " + COLUMNS;
  static final String DELETE = "DELETE FROM orders WHERE order_id = $1 RETURNING user_id";

  private final Database db;
  private final Clock clock;

  OrderRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The new order, or null when its user does not exist; within the caller's transaction. */
  Future<JsonObject> insert(SqlConnection conn, NewOrder order) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(order.userId(), order.itemDescription(), order.itemQuantity(), order.itemPrice(), now()))
        .map(rows -> Rows.firstOrNull(rows, row -> toOrder(row).toJson()));
  }

  Future<List<Order>> list(Integer userId, int limit, int offset) {
    return db.read(LIST, Tuple.of(userId, limit, offset)).map(rows -> Rows.all(rows, OrderRepository::toOrder));
  }

  Future<Boolean> userExists(int userId) {
    return db.read(USER_EXISTS, Tuple.of(userId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<Order> find(int orderId) {
    return db.read(FIND, Tuple.of(orderId)).map(rows -> Rows.firstOrNull(rows, OrderRepository::toOrder));
  }

  /** The updated order, or null when there is none with this id. */
  Future<Order> update(int orderId, OrderChanges changes) {
    return db.query(UPDATE, Tuple.of(orderId, changes.itemDescription(), changes.itemQuantity(), changes.itemPrice(),
            changes.status(), now()))
        .map(rows -> Rows.firstOrNull(rows, OrderRepository::toOrder));
  }

  /** The deleted order's user, or null when there was no such order; within the caller's transaction. */
  Future<Integer> delete(SqlConnection conn, int orderId) {
    return conn.preparedQuery(DELETE).execute(Tuple.of(orderId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
  }

  private LocalDateTime now() {
    return Timestamps.now(clock);
  }

  static Order toOrder(Row row) {
    return new Order(row.getInteger("order_id"), row.getInteger("user_id"), row.getString("item_description"),
        row.getInteger("item_quantity"), row.getInteger("item_price"), row.getInteger("total_value"),
        row.getString("status"), Timestamps.format(row.getLocalDateTime("created_at")),
        Timestamps.format(row.getLocalDateTime("updated_at")));
  }
}
