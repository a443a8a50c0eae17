package dev.switchboard.testing;

import dev.switchboard.contract.order.NewOrder;
import dev.switchboard.contract.user.NewUser;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests tests and the benchmark send, built in one place from the contract's records: a valid user
 * ({@link #newUser}) and order ({@link #newOrder}) as their JSON, to change field by field where a test
 * needs something else. Nick names from {@link #nick} are unique within a run and across runs.
 */
public final class TestData {
  /** A CPF whose check digits are right. */
  public static final String CPF = "52998224725";
  public static final String PHONE = "+55 11 98765-4321";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private TestData() {
  }

  /** A valid new user with this nick name and password ({@code <nick>@example.com}). */
  public static JsonObject newUser(String nick, String password) {
    return new NewUser(nick, password, "Test User", CPF, nick + "@example.com", PHONE).toJson();
  }

  /** A valid new user with this nick name. */
  public static JsonObject newUser(String nick) {
    return newUser(nick, "test-password");
  }

  /** A valid new order of {@code quantity} items at {@code price} for the user. */
  public static JsonObject newOrder(int userId, int quantity, int price) {
    return new NewOrder(userId, "test item", quantity, price).toJson();
  }

  /** A nick name no other test of any run has used: {@code <prefix>_<time><sequence>}, at most 50 characters. */
  public static String nick(String prefix) {
    String nick = prefix + "_" + Long.toString(System.currentTimeMillis(), 36) + SEQUENCE.incrementAndGet();
    return nick.length() <= 50 ? nick : nick.substring(nick.length() - 50);
  }
}
