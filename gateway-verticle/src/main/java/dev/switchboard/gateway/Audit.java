package dev.switchboard.gateway;

import dev.switchboard.contract.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON line per security event on the logger {@code dev.switchboard.audit} — time,
 * request id, subject, client address, action, outcome. Never a password, hash or token.
 */
final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger("dev.switchboard.audit");

  private Audit() {
  }

  /** @param subject who the event is about when there is no signed-in principal (a nick_name at sign-in) */
  static void record(RoutingContext ctx, String action, String outcome, String subject) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Principal principal = Bearer.of(ctx);
    JsonObject line = new JsonObject()
        .put("time", Instant.now().toString())
        .put("request_id", RequestIds.of(ctx))
        .put("subject", principal != null ? principal.subject() : subject)
        .put("client", Throttle.client(ctx))
        .put("action", action)
        .put("outcome", outcome);
    if (principal != null && principal.isAdmin()) {
      line.put("admin", true);
    }
    LOG.info(line.encode());
  }
}
