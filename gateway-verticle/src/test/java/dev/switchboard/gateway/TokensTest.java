package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contract.Principal;
import dev.switchboard.contract.user.RefreshToken;
import dev.switchboard.contract.user.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Access tokens with configured keys (rotation by kid) and with a generated, kept key. */
class TokensTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static AuthSettings settings(List<AuthSettings.KeySpec> keys, Path keyDir) {
    return new AuthSettings(true, "switchboard", "switchboard", Duration.ofMinutes(15), keys, keyDir,
        Duration.ofMinutes(15), 5, 100);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static boolean valid(Tokens tokens, String token) throws Exception {
    try {
      await(tokens.verify(token));
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  @Test
  void theFirstPrivateKeySignsAndAnOlderPublicKeyStillVerifies() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    KeyPair current = rsa.generateKeyPair();
    KeyPair old = rsa.generateKeyPair();
    KeyPair stranger = rsa.generateKeyPair();
    Path oldPublicFile = Files.createTempFile("old", ".pem");
    Files.writeString(oldPublicFile, pem("PUBLIC KEY", old.getPublic().getEncoded()));
    AuthSettings settings = settings(List.of(
        new AuthSettings.KeySpec("k2", pem("PRIVATE KEY", current.getPrivate().getEncoded()),
            pem("PUBLIC KEY", current.getPublic().getEncoded())),
        new AuthSettings.KeySpec("k1", null, oldPublicFile.toString())), Path.of("unused"));
    SigningKeys keys = SigningKeys.load(settings);
    Tokens tokens = new Tokens(vertx, settings, keys);

    String issued = tokens.issue(new Session(7, Set.of("user"), new RefreshToken("r"), 60));
    assertThat(header(issued).getString("kid")).isEqualTo("k2");
    Principal principal = await(tokens.verify(issued));
    assertThat(principal.subject()).isEqualTo("7");
    assertThat(principal.roles()).containsExactly("user");

    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", "8").put("roles", new JsonArray().add("user")).put("iat", now)
        .put("exp", now + 600).put("iss", "switchboard").put("aud", "switchboard");
    assertThat(valid(tokens, sign("k1", claims, old.getPrivate()))).as("signed before the rotation").isTrue();
    assertThat(valid(tokens, sign("k1", claims, stranger.getPrivate()))).as("another key under k1").isFalse();
    assertThat(valid(tokens, sign("k9", claims, stranger.getPrivate()))).as("an unknown kid").isFalse();
    assertThat(valid(tokens, sign("k2", claims.copy().put("exp", now - 60), current.getPrivate())))
        .as("expired").isFalse();

    JsonArray published = keys.jwks().getJsonArray("keys");
    assertThat(published).hasSize(2);
    assertThat(published.stream().map(k -> ((JsonObject) k).getString("kid"))).containsExactly("k2", "k1");
    assertThat(keys.jwks().encode()).doesNotContain("\"d\"").doesNotContain("PRIVATE");
  }

  /** A token verified once (and so taken on trust for a while) is still refused once it has expired. */
  @Test
  void aTrustedTokenStillExpires() throws Exception {
    Path dir = Files.createTempDirectory("keys");
    // exp is in whole seconds (iat rounded down + 3): valid for at least 2 s, expired after at most 3 s
    AuthSettings shortLived = new AuthSettings(true, "switchboard", "switchboard", Duration.ofSeconds(3), List.of(),
        dir, Duration.ofMinutes(15), 5, 100);
    Tokens tokens = new Tokens(vertx, shortLived, SigningKeys.load(shortLived));
    String token = tokens.issue(new Session(5, Set.of("user"), new RefreshToken("r"), 60));
    assertThat(valid(tokens, token)).as("fresh").isTrue();
    assertThat(valid(tokens, token)).as("again, from the trusted ones").isTrue();
    Thread.sleep(3_200);
    assertThat(valid(tokens, token)).as("past its exp").isFalse();
  }

  @Test
  void aGeneratedKeyIsKeptAndReusedOwnerOnly() throws Exception {
    Path dir = Files.createTempDirectory("keys");
    AuthSettings settings = settings(List.of(), dir.resolve("nested"));
    String first = SigningKeys.load(settings).jwks().getJsonArray("keys").getJsonObject(0).encode();
    String again = SigningKeys.load(settings).jwks().getJsonArray("keys").getJsonObject(0).encode();
    assertThat(again).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(dir.resolve("nested/signing.private.pem")))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    Tokens one = new Tokens(vertx, settings, SigningKeys.load(settings));
    Tokens other = new Tokens(vertx, settings, SigningKeys.load(settings));
    String token = one.issue(new Session(3, Set.of("user", "admin"), new RefreshToken("r"), 60));
    assertThat(await(other.verify(token)).isAdmin()).as("a restarted gateway accepts it").isTrue();
  }

  private static JsonObject header(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  private static String sign(String kid, JsonObject claims, PrivateKey key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(signature.sign());
  }
}
