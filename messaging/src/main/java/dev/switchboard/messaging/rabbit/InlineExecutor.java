package dev.switchboard.messaging.rabbit;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the RabbitMQ client's consumer callbacks on its I/O thread instead of handing each to a pool thread.
 * Every callback of ours only passes the delivery on to a Vert.x event loop and never calls the broker
 * synchronously, so nothing waits on the I/O thread, and each message costs one thread hand-off less.
 */
final class InlineExecutor extends AbstractExecutorService {
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
