package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A config value that remembers where it was written, so that code which checks it later (the
 * router parsing a {@code dtab}, say) can still report the YAML path and line:column.
 * Equality is by value only: the position is a note, not part of the value.
 */
public record Located<T>(T value, String path, int line, int column, String written) {

  /**
   * @param written the value as written in the file from {@code line:column} on (quotes and
   *     block indicators included), so that a place inside it can be found; null if unknown
   */
  public Located {
    requireNonNull(value, "value");
    requireNonNull(path, "path");
  }

  public Located(T value, String path, int line, int column) {
    this(value, path, line, column, null);
  }

  /** {@code value} as written at {@code node}. */
  public static <T> Located<T> at(ConfigNode node, T value) {
    requireNonNull(node, "node");
    return new Located<>(value, node.path(), node.line(), node.column(), node.sourceText());
  }

  /** A {@link ConfigException} for this value: {@code path: message at line:column}. */
  public ConfigException error(String message) {
    String where = path.isEmpty() ? "config" : path;
    return new ConfigException(path, where + ": " + message + " at " + line + ":" + column);
  }

  /**
   * A {@link ConfigException} about the dentry (a {@code ;}-separated part of a dtab) around
   * {@code offset} of this string value: it quotes that dentry on one line and points at the
   * line:column where it was written, or at the value's own when that cannot be told.
   */
  public ConfigException dentryError(int offset, String message) {
    String where = path.isEmpty() ? "config" : path;
    int[] span = dentrySpan(offset);
    String dentry = ((String) value).substring(span[0], span[1]).strip().replaceAll("\\s+", " ");
    return new ConfigException(path, where + ": " + message + " in dentry '" + dentry + "' at "
        + dentryPosition(offset));
  }

  /** Where the dentry around {@code offset} of this string value was written: {@code line:column}. */
  public String dentryPosition(int offset) {
    String text = (String) value;
    int start = dentrySpan(offset)[0];
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    int lineEnd = text.indexOf('\n', start);
    int end = Math.min(lineEnd < 0 ? text.length() : lineEnd, dentrySpan(offset)[1]);
    String first = text.substring(start, Math.max(start, end)).stripTrailing();
    if (written == null || first.isEmpty()) {
      return line + ":" + column;
    }
    int earlier = 0;
    for (int i = text.indexOf(first); i >= 0 && i < start; i = text.indexOf(first, i + 1)) {
      earlier++;
    }
    int at = -1;
    for (int n = 0; n <= earlier; n++) {
      at = written.indexOf(first, at + 1);
      if (at < 0) {
        return line + ":" + column;
      }
    }
    int lastNewline = written.lastIndexOf('\n', at);
    int lines = (int) written.substring(0, at).chars().filter(c -> c == '\n').count();
    return (line + lines) + ":" + (lastNewline < 0 ? column + at : at - lastNewline);
  }

  /** The [start, end) of the {@code ;}-separated part of this string value around {@code offset}. */
  private int[] dentrySpan(int offset) {
    String text = (String) value;
    int at = Math.max(0, Math.min(offset, text.length()));
    int start = text.lastIndexOf(';', at - 1) + 1;
    int end = text.indexOf(';', at);
    return new int[] {start, end < 0 ? text.length() : end};
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
