package dev.switchboard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a test database directly (JDBC, on the test thread) to check what was really stored. */
public final class Sql {
  private final String database;

  public Sql(String database) {
    this.database = database;
  }

  /** The first column of the first row, as a long. */
  public long count(String query) {
    List<List<Object>> rows = rows(query);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(0)).longValue();
  }

  public List<List<Object>> rows(String query) {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      List<List<Object>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /** Runs a statement that returns no rows (an update, a delete); the number of rows it changed. */
  public int execute(String statement) {
    TestServices.PostgresEndpoint pg = TestServices.postgres();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
         Statement s = c.createStatement()) {
      return s.executeUpdate(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }
}
