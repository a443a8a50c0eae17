package dev.switchboard.standalone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A cluster of its own for one test: a unique name and a port range nobody else uses. */
final class ClusterSettings {
  private ClusterSettings() {
  }

  static JsonObject unique() {
    // 20000–32599: below the kernel's ephemeral range, where no outgoing connection's port lands, and above
    // the ports TestConfig.freePort hands out (Hazelcast tries the 100 from the base up)
    int base = 20_000 + ThreadLocalRandom.current().nextInt(126) * 100;
    return new JsonObject()
        .put("name", "it-" + UUID.randomUUID().toString().substring(0, 8))
        .put("host", "127.0.0.1")
        .put("port", base)
        .put("members", new JsonArray().add("127.0.0.1"));
  }
}
