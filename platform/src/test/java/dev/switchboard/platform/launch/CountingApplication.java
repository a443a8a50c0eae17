package dev.switchboard.platform.launch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.LoggerFactory;

/** A process whose one module logs how many instances of its verticles it was asked for. */
public class CountingApplication extends SwitchboardApplication {

  @Override
  protected String role() {
    return "counting";
  }

  @Override
  protected List<ServiceModule> modules(Infrastructure infrastructure) {
    return List.of(new ServiceModule() {
      @Override
      public String name() {
        return "counter";
      }

      @Override
      public Future<Void> deploy(Vertx vertx, Infrastructure infra) {
        LoggerFactory.getLogger(CountingApplication.class).info("counter module deployed with instances={}"
            + " (netty jfr events={})", infra.config().instances(), io.netty.util.internal.PlatformDependent.isJfrEnabled());
        return Future.succeededFuture();
      }

      @Override
      public boolean ready() {
        return true;
      }
    });
  }
}
