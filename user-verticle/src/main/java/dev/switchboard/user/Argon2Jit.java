package dev.switchboard.user;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Bouncy Castle's Argon2 compile the same way in every JVM. Whether HotSpot's C2 inlines
 * {@code Argon2BytesGenerator.quarterRound} into its callers depends on the order in which the tiered
 * compiler happens to compile them; when it does not (once every two or three starts, measured), every
 * hash takes twice as long for the life of the process: 40 instead of 20 ms here, halving sign-ups and
 * logins. A compiler directive, added through the JVM's own diagnostic command before the first hash,
 * asks for the inlining every time. Where the JVM offers no such command the hashes are still correct,
 * only as fast as the compiler's luck.
 */
final class Argon2Jit {
  private static final Logger LOG = LoggerFactory.getLogger(Argon2Jit.class);
  private static final String DIRECTIVES = """
      [{
        match: "org/bouncycastle/crypto/generators/Argon2BytesGenerator*.*",
        inline: "+org/bouncycastle/crypto/generators/Argon2BytesGenerator.quarterRound"
      }]
      """;
  private static boolean installed;

  private Argon2Jit() {
  }

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    Path file = null;
    try {
      file = Files.createTempFile("switchboard-argon2-", ".json");
      Files.writeString(file, DIRECTIVES);
      Object added = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
      LOG.debug("Argon2 compiler directive added: {}", String.valueOf(added).trim());
    } catch (Exception | LinkageError e) {
      LOG.debug("Cannot add the Argon2 compiler directive: {}", e.toString());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (Exception e) {
          // a temp file left behind
        }
      }
    }
  }
}
