package dev.switchboard.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both Argon2id engines give the reference implementation's answers, so a hash made with one verifies with
 * the other. The answers come from Debian's {@code argon2} command (the reference implementation's CLI):
 * fixed ones written down here, and fresh ones when the command is installed (those tests are skipped,
 * and say so, where it is not).
 */
class Argon2EngineTest {
  private static final Path ARGON2_COMMAND = Path.of("/usr/bin/argon2");
  private static final NativeArgon2 NATIVE = NativeArgon2.load();
  private static final BouncyCastleArgon2 BOUNCY_CASTLE = new BouncyCastleArgon2();
  private final SecureRandom random = new SecureRandom();

  /** One input and the reference implementation's raw answer ({@code -r}). */
  record Vector(String password, String salt, int iterations, int memoryKib, int parallelism, int length, String hex) {
    @Override
    public String toString() {
      return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + ",l=" + length + " '" + password + "'";
    }
  }

  /** {@code echo -n PASSWORD | argon2 SALT -id -t T -k M -p P -l L -r}, each made once with Debian's argon2. */
  static Stream<Vector> referenceAnswers() {
    return Stream.of(
        new Vector("correct horse battery", "somesalt12345678", 2, 19456, 1, 32,
            "4c5dacf81c575e4abe023a41120739c073a164af5b0e43ea30a778f535ee9b68"),
        new Vector("pässwörd-ünïcode", "anothersalt-0001", 3, 8192, 2, 32,
            "52429fde4f868d403cf362483fc0188964df171fdc469435b424f144a10df4bb"),
        // the reference implementation's own test vector (phc-winner-argon2 src/test.c): -m 16 is 64 MiB
        new Vector("password", "somesalt", 2, 65536, 1, 32,
            "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"),
        new Vector("a much longer passphrase, with spaces and punctuation: 1234567890", "salt-of-24-bytes--------",
            4, 1024, 4, 64, "4a9e5f5f0541b7ef85c5f3ca567196b459f05c842831073ee804d402997ddc1d"
                + "460c2814cab00b1804586e493792dee3b40af568cb0412be7d227d145de5545e"),
        new Vector("x", "8bytesal", 1, 64, 1, 16, "18da9eefe13286a98dd155ac9ca30ac2"));
  }

  static Stream<Argon2Engine> engines() {
    return Stream.of(NATIVE, BOUNCY_CASTLE);
  }

  @ParameterizedTest
  @MethodSource("referenceAnswers")
  void bothEnginesGiveTheReferenceImplementationsAnswers(Vector v) {
    for (Argon2Engine engine : List.of(NATIVE, BOUNCY_CASTLE)) {
      assertThat(hex(engine, v.password, v.salt, v.memoryKib, v.iterations, v.parallelism, v.length))
          .as(engine.name()).isEqualTo(v.hex);
    }
  }

  @Test
  void bothEnginesGiveDebiansArgon2CommandsAnswersForFreshInput() throws Exception {
    assumeTrue(Files.isExecutable(ARGON2_COMMAND), ARGON2_COMMAND + " is not installed: the fresh comparison is"
        + " skipped (the fixed reference answers above still ran)");
    int[][] parameters = {{2, 19456, 1, 32}, {3, 4096, 2, 32}, {1, 512, 4, 24}};
    for (int[] p : parameters) {
      String password = text(6 + random.nextInt(30)) + "-ü";
      String salt = text(16);
      String expected = argon2Command(password, salt, p[0], p[1], p[2], p[3], "-r").strip();
      for (Argon2Engine engine : List.of(NATIVE, BOUNCY_CASTLE)) {
        assertThat(hex(engine, password, salt, p[1], p[0], p[2], p[3]))
            .as("%s for '%s' / '%s' at t=%d m=%d p=%d", engine.name(), password, salt, p[0], p[1], p[2])
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void aHashMadeWithOneEngineVerifiesWithTheOtherBothWays() {
    Argon2Phc nativeCodec = new Argon2Phc(NATIVE);
    Argon2Phc javaCodec = new Argon2Phc(BOUNCY_CASTLE);
    for (String password : List.of("a long enough password", "pässwörd-ünïcode 🔑", "")) {
      String byNative = nativeCodec.encode(password, random);
      String byJava = javaCodec.encode(password, random);
      assertThat(javaCodec.matches(password, byNative)).as("native → Bouncy Castle").isTrue();
      assertThat(nativeCodec.matches(password, byJava)).as("Bouncy Castle → native").isTrue();
      assertThat(javaCodec.matches(password + "!", byNative)).isFalse();
      assertThat(nativeCodec.matches(password + "!", byJava)).isFalse();
      assertThat(nativeCodec.matches(password, byNative)).isTrue();
      assertThat(javaCodec.matches(password, byJava)).isTrue();
    }
  }

  @Test
  void aHashEncodedByDebiansArgon2CommandVerifiesWithBothEngines() throws Exception {
    assumeTrue(Files.isExecutable(ARGON2_COMMAND), ARGON2_COMMAND + " is not installed: skipped (the hashes it made"
        + " once are checked in PasswordHasherTest)");
    String password = "sign me up " + text(12);
    String encoded = argon2Command(password, text(16), Argon2Phc.ITERATIONS, Argon2Phc.MEMORY_KIB,
        Argon2Phc.PARALLELISM, Argon2Phc.HASH_BYTES, "-e").strip();
    assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    for (Argon2Engine engine : List.of(NATIVE, BOUNCY_CASTLE)) {
      Argon2Phc phc = new Argon2Phc(engine);
      assertThat(phc.matches(password, encoded)).as(engine.name()).isTrue();
      assertThat(phc.matches(password + " ", encoded)).as(engine.name()).isFalse();
    }
  }

  /** OWASP's Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 iterations, parallelism 1. */
  @ParameterizedTest
  @MethodSource("engines")
  void theParametersAreNeverBelowOwaspsMinimum(Argon2Engine engine) {
    assertThat(Argon2Phc.MEMORY_KIB).isGreaterThanOrEqualTo(19456);
    assertThat(Argon2Phc.ITERATIONS).isGreaterThanOrEqualTo(2);
    assertThat(Argon2Phc.PARALLELISM).isEqualTo(1);
    String encoded = new Argon2Phc(engine).encode("a long enough password", random);
    String[] parts = encoded.split("\\$");
    assertThat(parts[1]).isEqualTo("argon2id");
    assertThat(parts[2]).isEqualTo("v=19");
    String[] params = parts[3].split(",");
    assertThat(Integer.parseInt(params[0].substring(2))).isGreaterThanOrEqualTo(19456);
    assertThat(Integer.parseInt(params[1].substring(2))).isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(params[2].substring(2))).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
  }

  @Test
  void theNativeEngineSaysWhichLibraryItRunsOn() {
    assertThat(NATIVE.name()).isEqualTo("native");
    assertThat(NATIVE.library()).contains("argon2");
    assertThat(NATIVE.describe()).contains(NATIVE.library());
  }

  /**
   * Where the system has no libargon2 (no {@code libargon2-1} package, as in a slim container image), JNA
   * takes the copy in argon2-jvm's jar: a JVM that sees no system library still loads one, and it passes the
   * known-answer test.
   */
  @Test
  void theLibraryInTheJarLoadsWhereTheSystemHasNone(@TempDir Path noSystemLibraries) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Djna.platform.library.path=" + noSystemLibraries,
        "-cp", System.getProperty("java.class.path"), BundledLibrary.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("loaded ").doesNotContain("/usr/lib").contains("answer " + referenceAnswers()
        .filter(v -> v.memoryKib == 64).findFirst().orElseThrow().hex);
  }

  /** Run by {@link #theLibraryInTheJarLoadsWhereTheSystemHasNone} in a JVM of its own. */
  static final class BundledLibrary {
    public static void main(String[] args) {
      NativeArgon2 engine = NativeArgon2.load();
      System.out.println("loaded " + engine.library());
      System.out.println("answer " + hex(engine, "x", "8bytesal", 64, 1, 1, 16));
    }
  }

  private static String hex(Argon2Engine engine, String password, String salt, int memoryKib, int iterations,
                            int parallelism, int length) {
    return HexFormat.of().formatHex(engine.hash(password.getBytes(StandardCharsets.UTF_8),
        salt.getBytes(StandardCharsets.UTF_8), memoryKib, iterations, parallelism, length));
  }

  /** Letters and digits (the salt is a command-line argument). */
  private String text(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** {@code argon2 SALT -id -t T -k M -p P -l L FORMAT} with the password on its standard input. */
  static String argon2Command(String password, String salt, int iterations, int memoryKib, int parallelism,
                              int length, String format) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ARGON2_COMMAND.toString(), salt, "-id", "-t",
        Integer.toString(iterations), "-k", Integer.toString(memoryKib), "-p", Integer.toString(parallelism), "-l",
        Integer.toString(length), format));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(password.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
