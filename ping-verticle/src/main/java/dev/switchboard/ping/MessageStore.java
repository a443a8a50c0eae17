package dev.switchboard.ping;

import dev.switchboard.contract.ping.PingMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The pong role's bounded in-memory store: at most {@code capacity} messages, oldest evicted first
 * (evictions counted), each id kept once (a redelivered message is not stored twice). Messages are
 * numbered in arrival order so a page after a given id is found without scanning. Confined to the pong
 * verticle's event loop.
 */
final class MessageStore {
  private final int capacity;
  private PingMessage[] ring = new PingMessage[16];
  private final Map<String, Long> seqById = new HashMap<>();
  /** Sequence number the next message gets; stored messages hold [nextSeq - size, nextSeq). */
  private long nextSeq;
  private int size;
  private long evicted;

  MessageStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Stores the message; false when a message with that id is already stored. */
  boolean add(PingMessage message) {
    if (seqById.containsKey(message.id())) {
      return false;
    }
    if (size == capacity) {
      PingMessage oldest = at(nextSeq - size);
      seqById.remove(oldest.id());
      ring[index(nextSeq - size)] = null;
      size--;
      evicted++;
    } else if (size == ring.length) {
      grow();
    }
    ring[index(nextSeq)] = message;
    seqById.put(message.id(), nextSeq);
    nextSeq++;
    size++;
    return true;
  }

  /**
   * Up to {@code limit} messages, oldest first, starting after the message {@code afterId} (from the
   * oldest when null).
   *
   * @throws NoSuchElementException when no stored message has id {@code afterId}
   */
  List<PingMessage> page(String afterId, int limit) {
    long start = nextSeq - size;
    if (afterId != null) {
      Long after = seqById.get(afterId);
      if (after == null) {
        throw new NoSuchElementException(afterId);
      }
      start = after + 1;
    }
    long end = Math.min(nextSeq, start + limit);
    List<PingMessage> page = new ArrayList<>((int) Math.max(0, end - start));
    for (long seq = start; seq < end; seq++) {
      page.add(at(seq));
    }
    return page;
  }

  int size() {
    return size;
  }

  long evicted() {
    return evicted;
  }

  private PingMessage at(long seq) {
    return ring[index(seq)];
  }

  private int index(long seq) {
    return (int) (seq % ring.length);
  }

  private void grow() {
    PingMessage[] bigger = new PingMessage[(int) Math.min(capacity, (long) ring.length * 2)];
    for (long seq = nextSeq - size; seq < nextSeq; seq++) {
      bigger[(int) (seq % bigger.length)] = at(seq);
    }
    ring = bigger;
  }
}
