package dev.switchboard.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for password hashing, which is pure CPU work. On Linux each one lowers its own scheduling
 * priority ({@code renice +10} on its thread id) when it starts: it still gets every idle cycle, but the
 * event loops — answering requests — get the CPU back at once when they need it. (Java cannot set a
 * thread's OS priority without {@code -XX:ThreadPriorityPolicy}; elsewhere, or if renice is missing,
 * the threads simply run at normal priority.)
 */
final class HashingThreads implements ThreadFactory {
  private static final Logger LOG = LoggerFactory.getLogger(HashingThreads.class);
  private static final int NICENESS = 10;
  private final AtomicInteger count = new AtomicInteger();

  @Override
  public Thread newThread(Runnable work) {
    Thread thread = new Thread(() -> {
      lowerPriority();
      work.run();
    }, "switchboard-password-hashing-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  private static void lowerPriority() {
    Path self = Path.of("/proc/thread-self");
    if (!Files.exists(self)) {
      return;
    }
    try {
      String tid = Files.readSymbolicLink(self).getFileName().toString();
      Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICENESS), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!renice.waitFor(2, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        LOG.debug("renice of hashing thread {} did not succeed", tid);
      }
    } catch (IOException e) {
      LOG.debug("Cannot lower the hashing threads' priority: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
