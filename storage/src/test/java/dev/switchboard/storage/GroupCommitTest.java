package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  /** A fake statement runner: every statement waits until the test completes it. */
  private final List<List<String>> statements = new ArrayList<>();
  private final List<Promise<List<String>>> running = new ArrayList<>();

  private GroupCommit<String, String> group(int inFlight, int max) {
    return new GroupCommit<>(Duration.ofMinutes(1), inFlight, max, s -> s.split(":")[0], one -> run(List.of(one)).map(r -> r.get(0)),
        this::run);
  }

  private Future<List<String>> run(List<String> inputs) {
    statements.add(inputs);
    Promise<List<String>> p = Promise.promise();
    running.add(p);
    return p.future();
  }

  private void completeNext() {
    Promise<List<String>> p = running.remove(0);
    List<String> inputs = statements.get(statements.size() - running.size() - 1);
    List<String> out = new ArrayList<>();
    inputs.forEach(i -> out.add("done " + i));
    p.complete(out);
  }

  @Test
  void aCallWithAFreeSlotRunsAtOnceAlone() {
    GroupCommit<String, String> group = group(2, 10);
    Future<String> a = group.submit("a");
    assertThat(statements).containsExactly(List.of("a"));
    completeNext();
    assertThat(a.result()).isEqualTo("done a");
    assertThat(group.batches()).isZero();
  }

  @Test
  void callsThatArriveWhileTheSlotsAreBusyGoTogetherInOneStatement() {
    GroupCommit<String, String> group = group(1, 10);
    Future<String> a = group.submit("a");
    List<Future<String>> later = new ArrayList<>();
    for (String s : List.of("b", "c", "d")) {
      later.add(group.submit(s));
    }
    assertThat(statements).containsExactly(List.of("a"));
    assertThat(later).noneMatch(Future::isComplete);
    completeNext();
    assertThat(a.result()).isEqualTo("done a");
    assertThat(statements).containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(later).noneMatch(Future::isComplete);
    completeNext();
    assertThat(later).extracting(Future::result).containsExactly("done b", "done c", "done d");
    assertThat(group.batches()).isEqualTo(1);
    assertThat(group.batched()).isEqualTo(3);
  }

  @Test
  void aBatchHoldsAtMostMaxBatchAndNeverTwoCallsWithOneKey() {
    GroupCommit<String, String> group = group(1, 3);
    group.submit("a");
    List<Future<String>> later = new ArrayList<>();
    for (String s : List.of("k:1", "k:2", "x", "y", "z")) {
      later.add(group.submit(s));
    }
    completeNext();
    assertThat(statements.get(1)).containsExactly("k:1", "x", "y");
    completeNext();
    assertThat(statements.get(2)).containsExactly("k:2", "z");
    completeNext();
    assertThat(later).allMatch(Future::succeeded);
  }

  @Test
  void aFailedBatchIsRunAgainOneByOneSoThatOnlyTheBadCallFails() {
    List<List<String>> seen = new ArrayList<>();
    Promise<String> slow = Promise.promise();
    GroupCommit<String, String> group = new GroupCommit<>(Duration.ofMinutes(1), 1, 10, s -> s,
        one -> {
          seen.add(List.of(one));
          return one.equals("a") ? slow.future()
              : one.equals("bad") ? Future.failedFuture("refused") : Future.succeededFuture("ok " + one);
        },
        all -> {
          seen.add(all);
          return Future.failedFuture("one row refused");
        });
    Future<String> a = group.submit("a");
    Future<String> bad = group.submit("bad");
    Future<String> c = group.submit("c");
    slow.complete("ok a");
    // "a" ran alone at once; "bad" and "c" waited, went together, failed, and ran again alone
    assertThat(seen).containsExactly(List.of("a"), List.of("bad", "c"), List.of("bad"), List.of("c"));
    assertThat(a.result()).isEqualTo("ok a");
    assertThat(bad.failed()).isTrue();
    assertThat(c.result()).isEqualTo("ok c");
  }

  @Test
  void aBatchWhoseResultsDoNotMatchItsInputsIsRunAgainOneByOne() {
    List<List<String>> seen = new ArrayList<>();
    Promise<String> slow = Promise.promise();
    GroupCommit<String, String> group = new GroupCommit<>(Duration.ofMinutes(1), 1, 10, s -> s,
        one -> {
          seen.add(List.of(one));
          return one.equals("first") ? slow.future() : Future.succeededFuture("ok " + one);
        },
        all -> {
          seen.add(all);
          return Future.succeededFuture(List.of("only one"));
        });
    group.submit("first");
    Future<String> b = group.submit("b");
    Future<String> c = group.submit("c");
    slow.complete("ok first");
    assertThat(seen).containsExactly(List.of("first"), List.of("b", "c"), List.of("b"), List.of("c"));
    assertThat(b.result()).isEqualTo("ok b");
    assertThat(c.result()).isEqualTo("ok c");
  }

  @Test
  void aCallThatWaitedPastItsDeadlineIsFailedAndNeverRun() throws InterruptedException {
    List<List<String>> seen = new ArrayList<>();
    Promise<String> slow = Promise.promise();
    GroupCommit<String, String> group = new GroupCommit<>(Duration.ofMillis(50), 1, 10, s -> s,
        one -> {
          seen.add(List.of(one));
          return one.equals("first") ? slow.future() : Future.succeededFuture("ok " + one);
        },
        all -> {
          seen.add(all);
          return Future.succeededFuture(all.stream().map(a -> "ok " + a).toList());
        });
    group.submit("first");
    Future<String> late = group.submit("late");
    Thread.sleep(100);
    Future<String> fresh = group.submit("fresh");
    slow.complete("ok first");
    assertThat(late.failed()).isTrue();
    assertThat(fresh.result()).isEqualTo("ok fresh");
    assertThat(seen).containsExactly(List.of("first"), List.of("fresh"));
  }
}
