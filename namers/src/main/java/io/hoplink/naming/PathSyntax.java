package io.hoplink.naming;

import java.nio.charset.StandardCharsets;

/**
 * Paths as dtabs write them: a segment holds letters, digits and {@code _:.#$%-} (Finagle's
 * showable set); any other byte is written {@code \xNN}. Narrower than {@link Path#read} so that
 * {@code ; = & | ( ) * ! ~} stay free for the dtab grammar.
 */
final class PathSyntax {
  private PathSyntax() {}

  static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "_:.#$%-".indexOf(c) >= 0;
  }

  static String show(Path path) {
    if (path.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (String segment : path.segments()) {
      out.append('/');
      appendLabel(out, segment);
    }
    return out.toString();
  }

  static void appendLabel(StringBuilder out, String label) {
    boolean plain = true;
    for (int i = 0; i < label.length() && plain; i++) {
      plain = isLabelChar(label.charAt(i));
    }
    if (plain) {
      out.append(label);
      return;
    }
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (b >= 0 && isLabelChar(c)) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", b & 0xff));
      }
    }
  }
}
