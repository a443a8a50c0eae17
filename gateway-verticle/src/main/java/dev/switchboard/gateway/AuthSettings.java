package dev.switchboard.gateway;

import dev.switchboard.platform.config.ConfigReader;
import dev.switchboard.platform.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's {@code auth} section: whether sign-in is required, what its access tokens say ({@code iss},
 * {@code aud}, lifetime), where its signing keys come from ({@code keys}, else generated under
 * {@code keyDir}), and how log-ins and password changes are throttled.
 */
record AuthSettings(boolean enabled, String issuer, String audience, Duration accessTtl, List<KeySpec> keys,
                    Path keyDir, Duration throttleWindow, int perPair, int perAddress) {

  /**
   * A configured key: its {@code kid}, its public key and — for the key that signs — its private key; each a
   * PEM, inline or as a file path. The first key with a private key signs; the others verify tokens signed
   * before a rotation.
   */
  record KeySpec(String kid, String privateKey, String publicKey) {
    @Override
    public String toString() {
      return "KeySpec[kid=" + kid + "]";
    }
  }

  static AuthSettings of(SwitchboardConfig config) {
    ConfigReader r = config.section("auth");
    ConfigReader throttle = r.section("throttle");
    List<KeySpec> keys = r.objects("keys").stream().map(k -> key(r, k)).toList();
    if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.privateKey() != null)) {
      throw r.fail("keys", "must hold one key with a privateKey (the one that signs)");
    }
    return new AuthSettings(r.bool("enabled"), r.nonBlank("issuer"), r.nonBlank("audience"),
        Duration.ofSeconds(r.integer("accessTtlSeconds", 10, 86_400)), keys, Path.of(r.nonBlank("keyDir")),
        Duration.ofSeconds(throttle.integer("windowSeconds", 1, 86_400)), throttle.integer("perPair", 1, 10_000),
        throttle.integer("perAddress", 1, 1_000_000));
  }

  private static KeySpec key(ConfigReader r, JsonObject json) {
    String kid = json.getString("kid");
    String publicKey = json.getString("publicKey");
    if (kid == null || kid.isBlank() || publicKey == null || publicKey.isBlank()) {
      throw r.fail("keys", "entries need a kid and a publicKey (and, for the signing key, a privateKey)");
    }
    String privateKey = json.getString("privateKey");
    return new KeySpec(kid, privateKey == null || privateKey.isBlank() ? null : privateKey, publicKey);
  }
}
