package dev.switchboard.storage;

import dev.switchboard.contract.RequestContext;
import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Group commit for one kind of write: while {@code maxInFlight} statements of it are running, the calls
 * that arrive wait, and when one finishes, all that waited (at most {@code maxBatch}) go to the database as
 * one statement — one round trip and one commit (one WAL flush) for all of them. Each caller's future
 * completes when the commit that holds its row does, as it would alone, so the guarantees of the single
 * statement are kept. At low load nothing waits: a call with a free slot runs at once, alone.
 *
 * <p>Two calls with the same key never share a batch (the later one waits for the next), so a statement
 * never meets the same row twice. If a batch fails, each of its calls is run again alone, so that one bad
 * row (a value the database refuses) fails only its own call.
 *
 * <p>A caller bounds its wait with {@link Database#withDeadline}, which counts from the submission (the time
 * in the queue included), as a single statement's deadline would.
 *
 * <p>Not thread-safe: use it on one event loop (one per verticle instance, like its pool).
 *
 * @param <I> a call's input
 * @param <O> a call's result; the batch statement gives one per input, in the order of the inputs
 */
public final class GroupCommit<I, O> {
  private final long dropAfterNanos;
  private final int maxInFlight;
  private final int maxBatch;
  private final Function<I, Object> key;
  private final Function<I, Future<O>> single;
  private final Function<List<I>, Future<List<O>>> batch;
  private final ArrayDeque<Call<I, O>> waiting = new ArrayDeque<>();
  private int inFlight;
  private long batches;
  private long batched;

  /**
   * @param dropAfter how long a call may wait for its turn (its caller's deadline)
   * @param single runs one call alone
   * @param batch runs several as one statement; its list holds one result per input, in their order
   */
  public GroupCommit(Duration dropAfter, int maxInFlight, int maxBatch, Function<I, Object> key,
                     Function<I, Future<O>> single, Function<List<I>, Future<List<O>>> batch) {
    if (maxInFlight < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxInFlight and maxBatch must be at least 1");
    }
    this.dropAfterNanos = dropAfter.toNanos();
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
    this.key = key;
    this.single = single;
    this.batch = batch;
  }

  /**
   * Runs {@code input}, alone or with others; the future's listeners run on the caller's context. A call
   * still waiting {@code dropAfter} after it was submitted — its caller's deadline ({@link
   * Database#withDeadline}) has answered it already — is failed and dropped, never run.
   */
  public Future<O> submit(I input) {
    Call<I, O> call = new Call<>(input, RequestContext.promise(), System.nanoTime());
    waiting.add(call);
    drain();
    return call.promise.future();
  }

  /** Statements of more than one call run so far, and the calls they carried (for tests and logs). */
  public long batches() {
    return batches;
  }

  public long batched() {
    return batched;
  }

  private void drain() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      List<Call<I, O>> next = take();
      if (next.isEmpty()) {
        continue;
      }
      inFlight++;
      run(next).onComplete(done -> {
        inFlight--;
        drain();
      });
    }
  }

  /** The oldest waiting calls, at most {@code maxBatch}, no two with one key. */
  private List<Call<I, O>> take() {
    List<Call<I, O>> next = new ArrayList<>(Math.min(maxBatch, waiting.size()));
    Set<Object> keys = new HashSet<>();
    for (Iterator<Call<I, O>> it = waiting.iterator(); it.hasNext() && next.size() < maxBatch; ) {
      Call<I, O> call = it.next();
      if (System.nanoTime() - call.submittedNanos > dropAfterNanos) {
        // its caller gave up while it waited: nobody reads the answer, and it must not take effect later
        it.remove();
        call.promise.tryFail(new ServiceFailure(503, "The database did not answer in time"));
      } else if (keys.add(key.apply(call.input))) {
        next.add(call);
        it.remove();
      }
    }
    return next;
  }

  private Future<Void> run(List<Call<I, O>> calls) {
    if (calls.size() == 1) {
      Call<I, O> call = calls.get(0);
      return alone(call);
    }
    batches++;
    batched += calls.size();
    List<I> inputs = new ArrayList<>(calls.size());
    for (Call<I, O> call : calls) {
      inputs.add(call.input);
    }
    Future<List<O>> results;
    try {
      results = batch.apply(inputs);
    } catch (RuntimeException e) {
      results = Future.failedFuture(e);
    }
    return results.transform(ar -> {
      if (ar.succeeded() && ar.result().size() == calls.size()) {
        for (int i = 0; i < calls.size(); i++) {
          calls.get(i).promise.tryComplete(ar.result().get(i));
        }
        return Future.succeededFuture();
      }
      // one at a time, each with its own outcome
      Future<Void> chain = Future.succeededFuture();
      for (Call<I, O> call : calls) {
        chain = chain.transform(v -> alone(call));
      }
      return chain;
    });
  }

  private Future<Void> alone(Call<I, O> call) {
    Future<O> result;
    try {
      result = single.apply(call.input);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(call.promise).transform(ar -> Future.succeededFuture());
  }

  private record Call<I, O>(I input, Promise<O> promise, long submittedNanos) {
  }
}
