package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS256 keys the gateway signs and verifies access tokens with: the configured {@code auth.keys}, or —
 * when none is configured — a 2048-bit RSA key pair generated at first start and kept in {@code auth.keyDir}
 * (owner-only files), so that tokens survive a restart and gateways sharing the directory agree. Loading
 * reads files: call it off the event loop. The public keys are served as a JWK set.
 */
final class SigningKeys {
  static final String ALGORITHM = "RS256";
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final String PRIVATE_FILE = "signing.private.pem";
  private static final String PUBLIC_FILE = "signing.public.pem";

  private final List<PubSecKeyOptions> options;
  private final JsonObject jwks;

  private SigningKeys(List<PubSecKeyOptions> options, JsonObject jwks) {
    this.options = options;
    this.jwks = jwks;
  }

  /** The options for vertx-auth-jwt: the signing key's private key and every public key, each with its kid. */
  List<PubSecKeyOptions> options() {
    return options;
  }

  /** {@code {"keys":[…]}}: the public keys, for {@code /.well-known/jwks.json}. */
  JsonObject jwks() {
    return jwks.copy();
  }

  static SigningKeys load(AuthSettings settings) {
    List<AuthSettings.KeySpec> specs = settings.keys().isEmpty() ? List.of(generated(settings.keyDir()))
        : settings.keys();
    List<PubSecKeyOptions> options = new ArrayList<>();
    JsonArray keys = new JsonArray();
    boolean signing = false;
    for (AuthSettings.KeySpec spec : specs) {
      String publicPem = pem(spec.publicKey());
      options.add(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(spec.kid()).setBuffer(publicPem));
      // vertx-auth signs with any private key it holds: only the first one is given
      if (!signing && spec.privateKey() != null) {
        options.add(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(spec.kid()).setBuffer(pem(spec.privateKey())));
        signing = true;
      }
      keys.add(jwk(spec.kid(), publicPem));
    }
    return new SigningKeys(options, new JsonObject().put("keys", keys));
  }

  /** The key pair in {@code dir}, made on first use; a concurrent first start by another gateway is adopted. */
  private static AuthSettings.KeySpec generated(Path dir) {
    try {
      Path privateFile = dir.resolve(PRIVATE_FILE);
      Path publicFile = dir.resolve(PUBLIC_FILE);
      if (!Files.exists(publicFile)) {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        write(privateFile, encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(publicFile, encode("PUBLIC KEY", pair.getPublic().getEncoded()));
        LOG.info("Generated the access-token signing key in {} (configure auth.keys to share one across hosts)", dir);
      }
      String publicPem = Files.readString(publicFile);
      return new AuthSettings.KeySpec(kid(publicPem), Files.readString(privateFile), publicPem);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the signing key in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes owner-only, atomically; a file another process wrote first wins. */
  private static void write(Path target, String content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".key", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's permissions apply
      }
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // another gateway generated it first
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A PEM given inline, or read from the file it names. */
  private static String pem(String value) {
    if (value.trim().startsWith("-----BEGIN")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value.trim()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the key file " + value.trim(), e);
    }
  }

  /** A stable kid: the first 16 hex digits of the SHA-256 of the public key. */
  private static String kid(String publicPem) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der(publicPem));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject jwk(String kid, String publicPem) {
    try {
      RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(publicPem)));
      return new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", ALGORITHM).put("kid", kid)
          .put("n", base64url(key.getModulus())).put("e", base64url(key.getPublicExponent()));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("auth.keys: key " + kid + " is not an RSA public key (PEM, X.509)", e);
    }
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String encode(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static String base64url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    byte[] unsigned = java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
  }
}
