package dev.switchboard.platform.config;

/** A configuration problem that stops start-up; the message names the offending key. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
