package dev.switchboard.storage;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turning a query's rows into what a repository returns. */
public final class Rows {
  private Rows() {
  }

  /** The first row, mapped; null when there is none. */
  public static <T> T firstOrNull(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }

  /** Every row, mapped, in order. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> all = new ArrayList<>(rows.size());
    rows.forEach(row -> all.add(mapper.apply(row)));
    return all;
  }
}
