package dev.switchboard.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id in pure Java (Bouncy Castle's {@code Argon2BytesGenerator}): always there, about as fast as the
 * native library once C2 has compiled it ({@link Argon2Jit} makes it compile the fast way), but each hash
 * allocates its 19 MiB of blocks on the Java heap.
 */
public final class BouncyCastleArgon2 implements Argon2Engine {
  static {
    Argon2Jit.install();
  }

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public String describe() {
    return "Bouncy Castle's Argon2BytesGenerator, pure Java, memory on the Java heap";
  }

  @Override
  public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
