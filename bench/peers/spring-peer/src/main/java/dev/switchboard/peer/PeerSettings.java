package dev.switchboard.peer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The peer's own settings ({@code peer.*} in application.properties).
 *
 * @param queue          the durable ping queue; {@code <queue>.dlq} keeps what cannot be read
 * @param storeCapacity  pings the pong store holds before it evicts the oldest
 * @param confirmTimeout how long a publish waits for the broker's confirm before the request gets a 503
 */
@ConfigurationProperties("peer")
public record PeerSettings(String queue, int storeCapacity, Duration confirmTimeout) {
  String deadLetterQueue() {
    return queue + ".dlq";
  }
}
