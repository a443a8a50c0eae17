package dev.switchboard.user;

import com.sun.jna.Library;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import de.mkammerer.argon2.jna.Argon2Library;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Argon2id in C: the reference implementation, libargon2, through JNA ({@code de.mkammerer:argon2-jvm}, whose
 * jar carries the library for linux-x86-64, linux-aarch64, macOS and Windows). JNA takes the system's
 * {@code libargon2.so.1} when there is one (Debian's package {@code libargon2-1}), else the jar's copy.
 *
 * <p>A hash blocks the calling thread for its whole time (keep it on the hashing pool) and allocates its
 * 19 MiB with {@code malloc}, outside the Java heap, wiped and freed before it returns: the heap sees only
 * the few bytes of the result, so hashing no longer drives the young collector. The copy of the password
 * JNA hands to C is wiped after the call too.
 */
public final class NativeArgon2 implements Argon2Engine {
  /** A known answer of the reference implementation at OWASP's minimum (Debian's {@code argon2} command). */
  private static final String KAT_PASSWORD = "correct horse battery";
  private static final String KAT_SALT = "somesalt12345678";
  private static final String KAT_HASH = "4c5dacf81c575e4abe023a41120739c073a164af5b0e43ea30a778f535ee9b68";
  private final Argon2Advanced argon2;
  private final String library;

  private NativeArgon2(Argon2Advanced argon2, String library) {
    this.argon2 = argon2;
    this.library = library;
  }

  /**
   * Loads libargon2 and checks it against a known answer (one hash at the service's parameters, ~20 ms).
   *
   * @throws IllegalStateException when the library cannot be loaded or gives a wrong answer; the message says
   *     which
   */
  public static NativeArgon2 load() {
    NativeArgon2 engine;
    try {
      Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
      engine = new NativeArgon2(argon2, libraryFile());
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("libargon2 could not be loaded through JNA: " + e, e);
    }
    selfTest(engine);
    return engine;
  }

  /** Fails unless {@code engine} gives the reference implementation's answer. */
  static void selfTest(Argon2Engine engine) {
    byte[] actual;
    try {
      actual = engine.hash(KAT_PASSWORD.getBytes(StandardCharsets.UTF_8), KAT_SALT.getBytes(StandardCharsets.UTF_8),
          19 * 1024, 2, 1, 32);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(engine.describe() + " failed its known-answer test: " + e, e);
    }
    if (!KAT_HASH.equals(HexFormat.of().formatHex(actual))) {
      throw new IllegalStateException(engine.describe() + " gave a wrong answer to its known-answer test ("
          + HexFormat.of().formatHex(actual) + " instead of " + KAT_HASH + ")");
    }
  }

  /** The file JNA loaded (resolving {@link Argon2Library#INSTANCE} loads it). */
  private static String libraryFile() {
    Object handler = Proxy.getInvocationHandler(Argon2Library.INSTANCE);
    File file = handler instanceof Library.Handler h ? h.getNativeLibrary().getFile() : null;
    return file == null ? "libargon2" : file.toString();
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public String describe() {
    return "libargon2 through JNA (" + library + "), memory outside the Java heap";
  }

  /** The library file in use. */
  public String library() {
    return library;
  }

  @Override
  public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    if (password.length == 0) {
      // JNA cannot allocate the zero-byte copy the context call needs; argon2id_hash_raw (version 0x13 too)
      // takes the empty array as it is, and there is nothing to wipe
      return argon2.pbkdf(iterations, memoryKib, parallelism, password, salt, length);
    }
    // argon2_ctx with an explicit version; the copies of password and salt in native memory are wiped after
    return argon2.rawHashAdvanced(iterations, memoryKib, parallelism, password, salt, null, null, length,
        Argon2Version.V13);
  }
}
