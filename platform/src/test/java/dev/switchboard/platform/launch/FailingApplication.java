package dev.switchboard.platform.launch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** A process whose one module fails to start a moment after the process is up (see ModuleStartFailureTest). */
public class FailingApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "failing";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    return List.of(new ServiceModule() {
      @Override
      public String name() {
        return "doomed";
      }

      @Override
      public Future<Void> deploy(Vertx vertx, Infrastructure infra) {
        return vertx.timer(300).compose(v -> Future.failedFuture("the doomed module cannot start"));
      }

      @Override
      public boolean ready() {
        return false;
      }
    });
  }
}
