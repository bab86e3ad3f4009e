package io.hoplink.config;

/**
 * A config the router refuses. The message always names where the problem is: the YAML path,
 * the plugin kind when there is one, and line:column.
 */
public final class ConfigException extends RuntimeException {
  private final String path;

  public ConfigException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The YAML path of the offending node, such as {@code routers[0].servers[1].port}. */
  public String path() {
    return path;
  }
}
