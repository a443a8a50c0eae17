package dev.switchboard.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec on each engine, and the hasher that keeps it off the event loops. */
class PasswordHasherTest {
  private final SecureRandom random = new SecureRandom();

  static Stream<Argon2Phc> codecs() {
    return Stream.of(new Argon2Phc(NativeArgon2.load()), new Argon2Phc(new BouncyCastleArgon2()));
  }

  /** Reference hashes made with the Argon2 reference implementation's CLI ({@code argon2 … -id -e}). */
  @ParameterizedTest
  @MethodSource("codecs")
  void verifiesHashesFromTheReferenceImplementation(Argon2Phc phc) {
    // echo -n "correct horse battery" | argon2 "somesalt12345678" -id -t 2 -k 19456 -p 1 -l 32 -e
    String owaspMinimum = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g";
    assertThat(phc.matches("correct horse battery", owaspMinimum)).isTrue();
    assertThat(phc.matches("correct horse batterY", owaspMinimum)).isFalse();

    // echo -n "pässwörd-ünïcode" | argon2 "anothersalt-0001" -id -t 3 -k 8192 -p 2 -l 32 -e
    String otherParameters = "$argon2id$v=19$m=8192,t=3,p=2$YW5vdGhlcnNhbHQtMDAwMQ$UkKf3k+GjUA882JIP8AYiWTfFx/cRpQ1tCTxRKEN9Ls";
    assertThat(phc.matches("pässwörd-ünïcode", otherParameters)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void hashesAtOwaspsMinimumWithAFreshSaltEachTime(Argon2Phc phc) {
    String a = phc.encode("a long enough password", random);
    String b = phc.encode("a long enough password", random);
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.split("\\$")[4]).isNotEqualTo(b.split("\\$")[4]);
    assertThat(phc.matches("a long enough password", a)).isTrue();
    assertThat(phc.matches("a long enough password", b)).isTrue();
    assertThat(phc.matches("a long enough passworD", a)).isFalse();
    assertThat(a).doesNotContain("a long enough password");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void refusesMalformedOrAbusiveHashes(Argon2Phc phc) {
    assertThat(phc.matches("x", null)).isFalse();
    assertThat(phc.matches("x", "")).isFalse();
    assertThat(phc.matches("x", "plaintext-password")).isFalse();
    assertThat(phc.matches("x", "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g")).isFalse();
    // a tampered row asking for 4 GiB of memory is refused, not computed
    assertThat(phc.matches("x", "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g")).isFalse();
  }

  /**
   * Called on an event loop, a hash returns at once, the loop runs what was queued after it while the hash
   * is computed elsewhere, and the result comes back on that same loop.
   */
  @Test
  void hashesOffTheEventLoopAndAnswersOnIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    HashingPool pool = new HashingPool(1);
    PasswordHasher hasher = new PasswordHasher(vertx, pool, new Argon2Phc(NativeArgon2.load()), 8);
    try {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<List<String>> done = new CompletableFuture<>();
      Context context = vertx.getOrCreateContext();
      context.runOnContext(v -> {
        Thread loop = Thread.currentThread();
        Future<String> hashed = hasher.hash("a long enough password");
        seen.add("returned, complete=" + hashed.isComplete());
        context.runOnContext(x -> seen.add("loop ran the next task"));
        hashed.onComplete(ar -> {
          seen.add("hashed=" + ar.succeeded() + ", answered on the loop=" + (Thread.currentThread() == loop));
          done.complete(seen);
        });
      });
      assertThat(done.get(30, TimeUnit.SECONDS)).containsExactly("returned, complete=false", "loop ran the next task",
          "hashed=true, answered on the loop=true");
    } finally {
      pool.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** See {@link Argon2Jit}: without the directive, one JVM start in two or three hashes at half speed. */
  @Test
  void asksTheJitToInlineTheArgon2RoundInEveryJvm() throws Exception {
    new Argon2Phc(new BouncyCastleArgon2()).encode("initialises the class", random);
    Object printed = ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    assertThat(String.valueOf(printed)).contains("Argon2BytesGenerator.quarterRound");
  }
}
