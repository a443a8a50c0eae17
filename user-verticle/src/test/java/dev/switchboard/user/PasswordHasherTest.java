package dev.switchboard.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final SecureRandom random = new SecureRandom();

  /** Reference hashes made with the Argon2 reference implementation's CLI ({@code argon2 … -id -e}). */
  @Test
  void verifiesHashesFromTheReferenceImplementation() {
    // echo -n "correct horse battery" | argon2 "somesalt12345678" -id -t 2 -k 19456 -p 1 -l 32 -e
    String owaspMinimum = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g";
    assertThat(PasswordHasher.matches("correct horse battery", owaspMinimum)).isTrue();
    assertThat(PasswordHasher.matches("correct horse batterY", owaspMinimum)).isFalse();

    // echo -n "pässwörd-ünïcode" | argon2 "anothersalt-0001" -id -t 3 -k 8192 -p 2 -l 32 -e
    String otherParameters = "$argon2id$v=19$m=8192,t=3,p=2$YW5vdGhlcnNhbHQtMDAwMQ$UkKf3k+GjUA882JIP8AYiWTfFx/cRpQ1tCTxRKEN9Ls";
    assertThat(PasswordHasher.matches("pässwörd-ünïcode", otherParameters)).isTrue();
  }

  @Test
  void hashesAtOwaspsMinimumWithAFreshSaltEachTime() {
    String a = PasswordHasher.encode("a long enough password", random);
    String b = PasswordHasher.encode("a long enough password", random);
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.split("\\$")[4]).isNotEqualTo(b.split("\\$")[4]);
    assertThat(PasswordHasher.matches("a long enough password", a)).isTrue();
    assertThat(PasswordHasher.matches("a long enough password", b)).isTrue();
    assertThat(PasswordHasher.matches("a long enough passworD", a)).isFalse();
    assertThat(a).doesNotContain("a long enough password");
  }

  @Test
  void refusesMalformedOrAbusiveHashes() {
    assertThat(PasswordHasher.matches("x", null)).isFalse();
    assertThat(PasswordHasher.matches("x", "")).isFalse();
    assertThat(PasswordHasher.matches("x", "plaintext-password")).isFalse();
    assertThat(PasswordHasher.matches("x", "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g")).isFalse();
    // a tampered row asking for 4 GiB of memory is refused, not computed
    assertThat(PasswordHasher.matches("x", "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$TF2s+BxXXkq+AjpBEgc5wHOhZK9bDkPqMKd49TXum2g")).isFalse();
  }
}
