package io.hoplink.router.telemetry.prometheus;

/**
 * Writes lines of Prometheus' text format (version 0.0.4). A family's {@code # HELP} and
 * {@code # TYPE} lines go out just before its first sample, so a family with no samples (a
 * gauge that could not be read) leaves no lines. Names and labels come prepared; only values are
 * formatted here.
 */
final class Exposition {
  private final StringBuilder out;
  private String header;

  Exposition(StringBuilder out) {
    this.out = out;
  }

  /** The {@code # HELP} and {@code # TYPE} lines of a family, made once per family. */
  static String header(String name, String type, String help) {
    StringBuilder text = new StringBuilder(name.length() * 2 + help.length() + 32);
    text.append("# HELP ").append(name).append(' ');
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        default -> text.append(c);
      }
    }
    return text.append("\n# TYPE ").append(name).append(' ').append(type).append('\n').toString();
  }

  /** Starts a family: its header is written with its first sample. */
  void family(String header) {
    this.header = header;
  }

  /**
   * A sample of {@code name + suffix} with {@code labels} (rendered, without braces, maybe
   * empty) and then {@code extra} (one more rendered label such as {@code le="0.5"}, or null).
   */
  void sample(String name, String suffix, String labels, String extra, long value) {
    start(name, suffix, labels, extra).append(value).append('\n');
  }

  void sample(String name, String suffix, String labels, String extra, double value) {
    start(name, suffix, labels, extra).append(number(value)).append('\n');
  }

  void sample(String name, String suffix, String labels, String extra, String value) {
    start(name, suffix, labels, extra).append(value).append('\n');
  }

  private StringBuilder start(String name, String suffix, String labels, String extra) {
    if (header != null) {
      out.append(header);
      header = null;
    }
    out.append(name).append(suffix);
    if (!labels.isEmpty() || extra != null) {
      out.append('{').append(labels);
      if (extra != null) {
        out.append(labels.isEmpty() ? "" : ", ").append(extra);
      }
      out.append('}');
    }
    return out.append(' ');
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}
