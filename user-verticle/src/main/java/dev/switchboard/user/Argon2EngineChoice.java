package dev.switchboard.user;

import dev.switchboard.platform.config.ConfigReader;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link Argon2Engine} hashes passwords, from {@code user.passwordHashing.engine}: {@code auto} (the
 * default) takes libargon2 when it loads and passes its known-answer test, else Bouncy Castle with a warning
 * that says why; {@code native} insists on libargon2 (start fails without it); {@code bouncycastle} never
 * tries it. Hashes made by either verify with the other, so the choice can change at any time.
 */
public enum Argon2EngineChoice {
  AUTO, NATIVE, BOUNCYCASTLE;

  private static final Logger LOG = LoggerFactory.getLogger(Argon2EngineChoice.class);

  /** Reads {@code engine} from the {@code user.passwordHashing} section; an unknown value names the key. */
  static Argon2EngineChoice read(ConfigReader passwordHashing) {
    String value = passwordHashing.string("engine").trim();
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw passwordHashing.fail("engine", "must be auto, native or bouncycastle but is '" + value + "'");
    }
  }

  /** The engine, loading the native library when this choice wants it. Blocks for ~20 ms: not on an event loop. */
  public Argon2Engine engine() {
    return engine(NativeArgon2::load);
  }

  /** {@link #engine()} with the native library's loader given (the tests' way to make it fail). */
  Argon2Engine engine(Supplier<? extends Argon2Engine> loadNative) {
    Argon2Engine chosen = switch (this) {
      case BOUNCYCASTLE -> new BouncyCastleArgon2();
      case NATIVE -> loadNative.get();
      case AUTO -> {
        try {
          yield loadNative.get();
        } catch (RuntimeException | LinkageError e) {
          LOG.warn("Password hashing falls back to Bouncy Castle (pure Java, 19 MiB of Java heap per hash): {}",
              e.getMessage());
          yield new BouncyCastleArgon2();
        }
      }
    };
    LOG.info("Password hashing (user.passwordHashing.engine={}): Argon2id on {}", name().toLowerCase(Locale.ROOT),
        chosen.describe());
    return chosen;
  }
}
