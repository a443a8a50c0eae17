package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process throttle: sliding windows per (account, address) pair and per address. */
class ThrottleTest {

  private static Throttle throttle(int perPair, int perAddress, Duration window) {
    return new Throttle(null, new AuthSettings(true, "i", "a", Duration.ofMinutes(15), List.of(), Path.of("k"),
        window, perPair, perAddress));
  }

  @Test
  void failuresOfOnePairDoNotReachTheSameAccountFromAnotherAddress() {
    Throttle t = throttle(3, 1000, Duration.ofMinutes(15));
    for (int i = 0; i < 3; i++) {
      assertThat(t.admit("alice", "10.0.0.66").succeeded()).isTrue();
      t.failed("alice", "10.0.0.66");
    }
    var refused = t.admit("alice", "10.0.0.66");
    assertThat(refused.failed()).isTrue();
    assertThat(((Throttle.Refused) refused.cause()).retryAfterSeconds()).isBetween(1L, 900L);
    assertThat(t.admit("alice", "10.0.0.7").succeeded()).as("the owner from elsewhere").isTrue();
    assertThat(t.admit("bob", "10.0.0.66").succeeded()).as("another account from the same address").isTrue();
  }

  @Test
  void aSuccessClearsThePair() {
    Throttle t = throttle(2, 1000, Duration.ofMinutes(15));
    t.failed("alice", "10.0.0.1");
    t.succeeded("alice", "10.0.0.1");
    t.failed("alice", "10.0.0.1");
    assertThat(t.admit("alice", "10.0.0.1").succeeded()).isTrue();
  }

  @Test
  void anAddressHasABudgetOfAttemptsAcrossAccounts() {
    Throttle t = throttle(100, 5, Duration.ofMinutes(15));
    for (int i = 0; i < 5; i++) {
      assertThat(t.admit("user" + i, "10.0.0.9").succeeded()).isTrue();
    }
    assertThat(t.admit("user99", "10.0.0.9").failed()).isTrue();
    assertThat(t.admit("user99", "10.0.0.10").succeeded()).isTrue();
  }

  @Test
  void theWindowSlides() throws InterruptedException {
    Throttle t = throttle(1, 1000, Duration.ofMillis(300));
    t.failed("alice", "10.0.0.1");
    assertThat(t.admit("alice", "10.0.0.1").failed()).isTrue();
    Thread.sleep(400);
    assertThat(t.admit("alice", "10.0.0.1").succeeded()).isTrue();
  }
}
