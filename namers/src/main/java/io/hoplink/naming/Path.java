package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hierarchical name such as {@code /svc/hello}: a list of non-empty segments. The empty path
 * shows as {@code /}. Immutable.
 */
public final class Path implements Comparable<Path> {
  private static final Path EMPTY = new Path(new String[0]);

  private final String[] segments;
  private int hash;
  private String shown; // computed once: names are shown in headers on every request

  private Path(String[] segments) {
    this.segments = segments;
  }

  public static Path empty() {
    return EMPTY;
  }

  public static Path of(String... segments) {
    for (String segment : segments) {
      checkSegment(segment);
    }
    return segments.length == 0 ? EMPTY : new Path(segments.clone());
  }

  public static Path of(List<String> segments) {
    return of(segments.toArray(new String[0]));
  }

  /**
   * Parses {@code /a/b/c}, surrounding white space ignored. A path must start with {@code /};
   * {@code /} alone is the empty path.
   * Segments may hold letters, digits and {@code !$%&'()*+,-.:;=@_~}, and {@code \xNN} escapes.
   */
  public static Path read(String text) {
    requireNonNull(text, "text");
    text = text.strip(); // as Finagle's Path.read: " /a/b " is /a/b
    if (text.isEmpty() || text.charAt(0) != '/') {
      throw new IllegalArgumentException("a path must start with '/': '" + text + "'");
    }
    if (text.length() == 1) {
      return EMPTY;
    }
    List<String> out = new ArrayList<>();
    for (String part : text.substring(1).split("/", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("a path must not have empty segments: '" + text + "'");
      }
      String segment = unescape(part, text);
      checkSegment(segment);
      out.add(segment);
    }
    return new Path(out.toArray(new String[0]));
  }

  public int size() {
    return segments.length;
  }

  public boolean isEmpty() {
    return segments.length == 0;
  }

  public String get(int i) {
    return segments[i];
  }

  public List<String> segments() {
    return List.of(segments);
  }

  public Path take(int n) {
    return n >= segments.length ? this : new Path(Arrays.copyOfRange(segments, 0, Math.max(n, 0)));
  }

  public Path drop(int n) {
    if (n <= 0) {
      return this;
    }
    return n >= segments.length ? EMPTY : new Path(Arrays.copyOfRange(segments, n, segments.length));
  }

  public Path concat(Path suffix) {
    if (suffix.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return suffix;
    }
    String[] joined = Arrays.copyOf(segments, segments.length + suffix.segments.length);
    System.arraycopy(suffix.segments, 0, joined, segments.length, suffix.segments.length);
    return new Path(joined);
  }

  public Path append(String segment) {
    checkSegment(segment);
    String[] joined = Arrays.copyOf(segments, segments.length + 1);
    joined[segments.length] = segment;
    return new Path(joined);
  }

  public boolean startsWith(Path prefix) {
    if (prefix.segments.length > segments.length) {
      return false;
    }
    for (int i = 0; i < prefix.segments.length; i++) {
      if (!segments[i].equals(prefix.segments[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code /a/b}; characters outside the plain set are written as {@code \xNN}. */
  public String show() {
    String cached = shown;
    if (cached == null) {
      cached = render();
      shown = cached;
    }
    return cached;
  }

  private String render() {
    if (segments.length == 0) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/');
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (isShowable(c)) {
          out.append(c);
        } else {
          for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(String.format("\\x%02x", b & 0xff));
          }
        }
      }
    }
    return out.toString();
  }

  static boolean isShowable(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!$%&'()*+,-.:;=@_~#".indexOf(c) >= 0;
  }

  private static String unescape(String part, String text) {
    if (part.indexOf('\\') < 0) {
      for (int i = 0; i < part.length(); i++) {
        if (!isShowable(part.charAt(i))) {
          throw new IllegalArgumentException(
              "invalid character '" + part.charAt(i) + "' in path '" + text + "'");
        }
      }
      return part;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '\\') {
        if (i + 3 >= part.length() || part.charAt(i + 1) != 'x') {
          throw new IllegalArgumentException("bad escape in path '" + text + "'");
        }
        try {
          bytes.write(Integer.parseInt(part.substring(i + 2, i + 4), 16));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new IllegalArgumentException("bad escape in path '" + text + "'");
        }
        i += 3;
      } else if (isShowable(c)) {
        bytes.write(c);
      } else {
        throw new IllegalArgumentException("invalid character '" + c + "' in path '" + text + "'");
      }
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void checkSegment(String segment) {
    requireNonNull(segment, "segment");
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("a path segment must not be empty");
    }
  }

  @Override
  public int compareTo(Path other) {
    return Arrays.compare(segments, other.segments);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Path p && Arrays.equals(segments, p.segments);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(segments);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return show();
  }
}
