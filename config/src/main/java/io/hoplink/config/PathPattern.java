package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code prefix:} of a static client or service config, such as {@code /#/io.l5d.fs/{service}}.
 * It matches a path that starts with it, segment by segment: {@code *} matches any one segment,
 * {@code {name}} matches one segment (or, inside a segment like {@code {a}-{b}}, a greedy part of
 * it) and captures it for {@link #substitute}.
 */
public final class PathPattern {
  private static final Pattern VAR = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  private final String text;
  private final List<Segment> segments;

  private PathPattern(String text, List<Segment> segments) {
    this.text = text;
    this.segments = segments;
  }

  /** Parses a prefix; it must start with {@code /}. */
  public static PathPattern parse(String text) {
    requireNonNull(text, "text");
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("'" + text + "' is not a path (expected: it starts with /)");
    }
    List<Segment> segments = new ArrayList<>();
    // Linkerd's path matcher reads a trailing / as nothing (/#/io.l5d.fs/ is /#/io.l5d.fs).
    String body = text.length() > 1 && text.endsWith("/") ? text.substring(1, text.length() - 1)
        : text.substring(1);
    for (String part : body.split("/", -1)) {
      if (part.isEmpty() && text.length() > 1) {
        throw new IllegalArgumentException("'" + text + "' has an empty segment");
      }
      if (!part.isEmpty()) {
        segments.add(Segment.of(part));
      }
    }
    return new PathPattern(text, List.copyOf(segments));
  }

  /** The captured variables when {@code path} starts with this prefix. */
  public Optional<Map<String, String>> match(List<String> path) {
    requireNonNull(path, "path");
    if (path.size() < segments.size()) {
      return Optional.empty();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      if (!segments.get(i).match(path.get(i), vars)) {
        return Optional.empty();
      }
    }
    return Optional.of(Map.copyOf(vars));
  }

  /** {@code template} with each {@code {name}} replaced by its captured value (unknown ones stay). */
  public static String substitute(String template, Map<String, String> vars) {
    Matcher m = VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Splits {@code /a/b} into its segments. */
  public static List<String> segments(String path) {
    requireNonNull(path, "path");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PathPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private record Segment(Pattern regex, List<String> names) {
    static Segment of(String part) {
      if (part.equals("*")) {
        return new Segment(null, List.of());
      }
      List<String> names = new ArrayList<>();
      StringBuilder regex = new StringBuilder();
      Matcher m = VAR.matcher(part);
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(part.substring(last, m.start()))).append("(.*)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(part.substring(last)));
      return new Segment(Pattern.compile(regex.toString()), List.copyOf(names));
    }

    boolean match(String segment, Map<String, String> vars) {
      if (regex == null) {
        return true;
      }
      Matcher m = regex.matcher(segment);
      if (!m.matches()) {
        return false;
      }
      for (int i = 0; i < names.size(); i++) {
        vars.put(names.get(i), m.group(i + 1));
      }
      return true;
    }
  }
}
