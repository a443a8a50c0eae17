package dev.switchboard.messaging.queue;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * A message of a work queue as its handler sees it: its id, body and headers, and how many times its
 * processing failed before ({@code attempts}: 0 on the first delivery). No broker type in sight.
 */
public record WorkMessage(String id, Buffer body, Map<String, String> headers, int attempts) {
  public String header(String name) {
    return headers.get(name);
  }
}
