package dev.switchboard.gateway;

/**
 * What a gateway process shares for sign-in: the {@code auth} settings, the signing keys (null when auth is
 * off) and the log-in throttle.
 */
record GatewayAuth(AuthSettings settings, SigningKeys keys, Throttle throttle) {

  boolean enabled() {
    return settings.enabled() && keys != null;
  }
}
