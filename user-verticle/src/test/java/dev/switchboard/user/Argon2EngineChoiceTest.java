package dev.switchboard.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.SwitchboardConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code user.passwordHashing.engine}: what each value chooses, and {@code auto}'s fall-back with its reason. */
class Argon2EngineChoiceTest {
  private static final Supplier<Argon2Engine> NO_LIBRARY = () -> {
    throw new IllegalStateException("libargon2 could not be loaded through JNA: java.lang.UnsatisfiedLinkError:"
        + " Unable to load library 'argon2' (simulated)");
  };
  private final Logger logger = (Logger) LoggerFactory.getLogger(Argon2EngineChoice.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  private static Argon2EngineChoice configured(Map<String, String> env) {
    return UserSettings.of(SwitchboardConfig.from(ConfigLoader.merge(null, null, new Properties(), env)))
        .hashingEngine();
  }

  @Test
  void theDefaultIsAutoAndAnOverrideReachesIt() {
    assertThat(configured(Map.of())).isEqualTo(Argon2EngineChoice.AUTO);
    assertThat(configured(Map.of("SWITCHBOARD_USER_PASSWORDHASHING_ENGINE", "BouncyCastle")))
        .isEqualTo(Argon2EngineChoice.BOUNCYCASTLE);
    assertThat(configured(Map.of("SWITCHBOARD_USER_PASSWORDHASHING_ENGINE", "native")))
        .isEqualTo(Argon2EngineChoice.NATIVE);
  }

  @Test
  void anUnknownEngineNamesTheKey() {
    assertThatThrownBy(() -> configured(Map.of("SWITCHBOARD_USER_PASSWORDHASHING_ENGINE", "sodium")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("user.passwordHashing.engine")
        .hasMessageContaining("sodium");
  }

  @Test
  void autoTakesTheNativeLibraryWhenItLoadsAndPassesItsKnownAnswer() {
    assertThat(Argon2EngineChoice.AUTO.engine()).isInstanceOf(NativeArgon2.class);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void autoFallsBackToBouncyCastleAndSaysWhyWhenTheLibraryCannotLoad() {
    assertThat(Argon2EngineChoice.AUTO.engine(NO_LIBRARY)).isInstanceOf(BouncyCastleArgon2.class);
    assertThat(warnings()).singleElement().asString()
        .contains("falls back to Bouncy Castle").contains("Unable to load library 'argon2' (simulated)");
  }

  @Test
  void autoFallsBackWhenTheLibraryGivesAWrongAnswer() {
    Argon2Engine wrong = new Argon2Engine() {
      @Override
      public String name() {
        return "native";
      }

      @Override
      public String describe() {
        return "a broken libargon2";
      }

      @Override
      public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        return new byte[length];
      }
    };
    Argon2Engine chosen = Argon2EngineChoice.AUTO.engine(() -> {
      NativeArgon2.selfTest(wrong);
      return wrong;
    });
    assertThat(chosen).isInstanceOf(BouncyCastleArgon2.class);
    assertThat(warnings()).singleElement().asString().contains("a broken libargon2 gave a wrong answer");
  }

  @Test
  void nativeFailsTheStartWhenTheLibraryCannotLoad() {
    assertThatThrownBy(() -> Argon2EngineChoice.NATIVE.engine(NO_LIBRARY))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("libargon2 could not be loaded");
    assertThat(Argon2EngineChoice.NATIVE.engine()).isInstanceOf(NativeArgon2.class);
  }

  @Test
  void bouncycastleNeverTriesTheLibrary() {
    Supplier<Argon2Engine> mustNotLoad = () -> {
      throw new AssertionError("the native library was tried");
    };
    assertThat(Argon2EngineChoice.BOUNCYCASTLE.engine(mustNotLoad)).isInstanceOf(BouncyCastleArgon2.class);
    assertThat(warnings()).isEmpty();
  }

  private List<String> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
