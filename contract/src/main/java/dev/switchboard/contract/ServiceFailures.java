package dev.switchboard.contract;

import io.vertx.core.eventbus.ReplyException;

/** Turns any event-bus failure into the {@link ServiceFailure} it means to a client. */
public final class ServiceFailures {
  private ServiceFailures() {
  }

  public static ServiceFailure fromReply(ReplyException reply) {
    if (reply instanceof ServiceFailure failure) {
      return failure;
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> ServiceFailure.unavailable("The service is not available");
      case TIMEOUT -> ServiceFailure.timeout("The service did not answer in time");
      // a plain fail(code, message) from code that is not ours: keep 4xx meanings and "unavailable", hide
      // anything else
      case RECIPIENT_FAILURE, ERROR -> reply.failureCode() >= 400 && reply.failureCode() < 500
          || reply.failureCode() == 503
          ? new ServiceFailure(reply.failureCode(), reply.getMessage() == null ? "Request failed" : reply.getMessage())
          : new ServiceFailure(500, "Internal error");
    };
  }
}
