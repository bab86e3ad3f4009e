package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A config value that remembers where it was written, so that code which checks it later (the
 * router parsing a {@code dtab}, say) can still report the YAML path and line:column.
 * Equality is by value only: the position is a note, not part of the value.
 */
public record Located<T>(T value, String path, int line, int column) {

  public Located {
    requireNonNull(value, "value");
    requireNonNull(path, "path");
  }

  /** {@code value} as written at {@code node}. */
  public static <T> Located<T> at(ConfigNode node, T value) {
    requireNonNull(node, "node");
    return new Located<>(value, node.path(), node.line(), node.column());
  }

  /** A {@link ConfigException} for this value: {@code path: message at line:column}. */
  public ConfigException error(String message) {
    String where = path.isEmpty() ? "config" : path;
    return new ConfigException(path, where + ": " + message + " at " + line + ":" + column);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Located<?> located && value.equals(located.value);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return value + " (" + path + " at " + line + ":" + column + ")";
  }
}
