package io.hoplink.router.telemetry.prometheus;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric's Prometheus name and labels, derived from its tree segments by Linkerd 1.x's rules:
 * {@code rt/<router>} gives label {@code rt}; {@code rt/<router>/<stack>/<id>} (server, service,
 * client) gives label {@code <stack>}; {@code rt/<router>/client/<id>/service/<path>} gives
 * {@code service}; {@code .../failures/<exception>} and {@code .../exn/<exception>} give label
 * {@code exception} (nested exceptions joined by {@code :}, exn renamed {@code exceptions}).
 * Everything else, status codes included, stays in the name joined by {@code :}.
 *
 * @param name the sanitized metric name, prefix included
 * @param labels the rendered labels without braces, such as {@code rt="outgoing"}, or empty
 */
record LinkerdSeries(String name, String labels) {

  static LinkerdSeries of(String prefix, List<String> segments) {
    List<String> key = new ArrayList<>(segments.size());
    List<String> names = new ArrayList<>(4);
    List<String> values = new ArrayList<>(4);
    for (String segment : segments) {
      key.add(segment);
      relabel(key, names, values);
    }
    return new LinkerdSeries(metricName(prefix + String.join(":", key)), labels(names, values));
  }

  /**
   * The metric's name in metrics.json with its label segments as placeholders, such as
   * {@code rt/{rt}/server/{server}/requests}: what its {@code # HELP} line says.
   */
  static String path(List<String> segments) {
    List<String> key = new ArrayList<>(segments.size());
    List<String> names = new ArrayList<>(4);
    List<String> values = new ArrayList<>(4);
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      key.add(segment);
      String label = relabel(key, names, values);
      out.append(out.length() == 0 ? "" : "/").append(label == null ? segment : "{" + label + "}");
    }
    return out.toString();
  }

  /**
   * A family hoplink adds beside Linkerd's names for the scope {@code scope}: the scope's
   * Linkerd name with {@code _} for {@code :}, then {@code suffix}, so
   * {@code rt/outgoing/server/127.0.0.1/4140} and {@code responses_total} give
   * {@code rt_server_responses_total{rt="outgoing", server="127.0.0.1/4140"}}. Such a name is
   * snake case without colons, as Prometheus' own conventions (and promtool) ask.
   */
  static LinkerdSeries beside(String prefix, List<String> scope, String suffix) {
    if (scope.isEmpty()) {
      return new LinkerdSeries(metricName(prefix.replace(':', '_') + suffix), "");
    }
    LinkerdSeries linkerd = of(prefix, scope);
    return new LinkerdSeries(linkerd.name().replace(':', '_') + "_" + suffix, linkerd.labels());
  }

  /** The label the newest segment became, or null if it stays in the name. */
  private static String relabel(List<String> key, List<String> names, List<String> values) {
    if (!key.get(0).equals("rt")) {
      return null;
    }
    int n = key.size();
    if (n == 2 && !names.contains("rt")) {
      names.add("rt");
      values.add(key.remove(1));
      return "rt";
    } else if (n == 3 && !names.contains(key.get(1))) {
      names.add(key.get(1));
      values.add(key.remove(2));
      return key.get(1);
    } else if (n == 4 && key.get(1).equals("client") && key.get(2).equals("service")
        && !names.contains("service")) {
      names.add("service");
      values.add(key.remove(3));
      return "service";
    } else if (n == 4 && (key.get(2).equals("failures") || key.get(2).equals("exn"))) {
      String exception = key.remove(3);
      if (key.get(2).equals("exn")) {
        key.set(2, "exceptions");
      }
      int at = names.indexOf("exception");
      if (at < 0) {
        names.add("exception");
        values.add(exception);
      } else {
        values.set(at, values.get(at) + ":" + exception);
      }
      return "exception";
    }
    return null;
  }

  /** Replaces every character outside {@code [a-zA-Z0-9:_]}; a leading digit gets a {@code _}. */
  static String metricName(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 1);
    if (raw.isEmpty() || (raw.charAt(0) >= '0' && raw.charAt(0) <= '9')) {
      out.append('_');
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      out.append(isWordChar(c) || c == ':' ? c : '_');
    }
    return out.toString();
  }

  private static String labels(List<String> names, List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      String name = names.get(i);
      for (int j = 0; j < name.length(); j++) {
        char c = name.charAt(j);
        out.append(isWordChar(c) ? c : '_');
      }
      out.append("=\"");
      escapeValue(values.get(i), out);
      out.append('"');
    }
    return out.toString();
  }

  /** Escapes a label value as the text format requires: backslash, double quote, newline. */
  static void escapeValue(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
