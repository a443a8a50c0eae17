package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageStoreTest {

  private static PingMessage ping(int i) {
    return new PingMessage("id-" + i, "2026-01-01T00:00:00.000+00:00", "m" + i);
  }

  private static List<String> ids(List<PingMessage> page) {
    return page.stream().map(PingMessage::id).toList();
  }

  @Test
  void listsOldestFirstAndPagesAfterAnId() {
    MessageStore store = new MessageStore(100);
    IntStream.range(0, 10).forEach(i -> store.add(ping(i)));

    assertThat(ids(store.page(null, 3))).containsExactly("id-0", "id-1", "id-2");
    assertThat(ids(store.page("id-2", 3))).containsExactly("id-3", "id-4", "id-5");
    assertThat(ids(store.page("id-8", 5))).containsExactly("id-9");
    assertThat(store.page("id-9", 5)).isEmpty();
  }

  @Test
  void evictsTheOldestWhenFullAndCountsIt() {
    MessageStore store = new MessageStore(5);
    IntStream.range(0, 12).forEach(i -> store.add(ping(i)));

    assertThat(store.size()).isEqualTo(5);
    assertThat(store.evicted()).isEqualTo(7);
    assertThat(ids(store.page(null, 100))).containsExactly("id-7", "id-8", "id-9", "id-10", "id-11");
    assertThatThrownBy(() -> store.page("id-3", 10)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void growsPastItsInitialArrayKeepingOrder() {
    MessageStore store = new MessageStore(1_000);
    IntStream.range(0, 700).forEach(i -> store.add(ping(i)));
    List<PingMessage> all = store.page(null, 1_000);
    assertThat(all).hasSize(700);
    assertThat(ids(all)).containsExactlyElementsOf(IntStream.range(0, 700).mapToObj(i -> "id-" + i).toList());
  }

  @Test
  void keepsEachIdOnce() {
    MessageStore store = new MessageStore(10);
    assertThat(store.add(ping(1))).isTrue();
    assertThat(store.add(ping(1))).isFalse();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void anEvictedIdCanBeStoredAgainAndWrapsCorrectly() {
    MessageStore store = new MessageStore(3);
    IntStream.range(0, 20).forEach(i -> store.add(ping(i)));
    assertThat(ids(store.page(null, 10))).containsExactly("id-17", "id-18", "id-19");
    assertThat(ids(store.page("id-17", 10))).containsExactly("id-18", "id-19");
  }
}
