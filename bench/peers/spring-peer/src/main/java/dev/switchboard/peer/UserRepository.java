package dev.switchboard.peer;

import io.r2dbc.spi.Readable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The {@code users} table Switchboard's user service creates (its Flyway migration V1), read through R2DBC.
 * Its {@code TIMESTAMP} columns hold UTC; they are shown with the offset, as the system shows them.
 */
@Repository
class UserRepository {
  static final String FIND = "SELECT user_id, nick_name, full_name, cpf, email, phone_number, created_at, updated_at"
      + " FROM users WHERE user_id = $1";

  private final DatabaseClient db;

  UserRepository(DatabaseClient db) {
    this.db = db;
  }

  /** The user, or empty when there is none with this id. */
  Mono<User> find(int id) {
    return db.sql(FIND).bind(0, id).map(UserRepository::toUser).one();
  }

  private static User toUser(Readable row) {
    return new User(row.get("user_id", Integer.class), row.get("nick_name", String.class),
        row.get("full_name", String.class), row.get("cpf", String.class), row.get("email", String.class),
        row.get("phone_number", String.class), utc(row.get("created_at", LocalDateTime.class)),
        utc(row.get("updated_at", LocalDateTime.class)));
  }

  private static String utc(LocalDateTime time) {
    return time == null ? null : time.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
