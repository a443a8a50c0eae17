package dev.switchboard.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where the consumer stores pings: bounded and in memory, each id once (a redelivered ping is not stored
 * twice), the oldest evicted when full — the same as Switchboard's pong store (ping-verticle MessageStore),
 * which keeps pings in memory too, not in a table.
 */
@Component
class PongStore {
  private final Map<String, PingMessage> pings;
  private long evicted;

  PongStore(PeerSettings settings) {
    int capacity = settings.storeCapacity();
    pings = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PingMessage> eldest) {
        if (size() > capacity) {
          evicted++;
          return true;
        }
        return false;
      }
    };
  }

  /** Stores the ping; false when a ping with its id is already stored. */
  synchronized boolean add(PingMessage ping) {
    return pings.putIfAbsent(ping.id(), ping) == null;
  }

  synchronized int size() {
    return pings.size();
  }

  synchronized long evicted() {
    return evicted;
  }
}
