package dev.switchboard.platform.config;

import java.util.Locale;

/** How the gateway reaches a service: the event bus (local or clustered) or RabbitMQ request/reply. */
public enum Transport {
  EVENTBUS,
  RABBITMQ;

  static Transport parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Config key " + key + ": unknown transport '" + value
          + "' (expected eventbus or rabbitmq)");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
