package io.hoplink.naming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for dtabs and name trees (Finagle's grammar):
 *
 * <pre>
 * dtab     := [dentry (';' dentry)*] [';']
 * dentry   := prefix '=&gt;' tree
 * tree     := union ('|' union)*
 * union    := weighted ('&amp;' weighted)*
 * weighted := [number '*'] node
 * node     := '(' tree ')' | path | '!' | '~' | '$'
 * </pre>
 * Whitespace may separate tokens; {@code #} outside a path starts a comment to end of line.
 */
final class DtabParser {
  /** Parentheses nested deeper than this are refused: parsing recurses per level. */
  static final int MAX_NESTING = 64;

  private final String text;
  private int pos;
  private int nesting;

  private DtabParser(String text) {
    this.text = text;
  }

  static List<Dentry> parseDtab(String text) {
    DtabParser p = new DtabParser(text);
    List<Dentry> out = new ArrayList<>();
    p.skipSpace();
    while (!p.atEnd()) {
      out.add(p.dentry());
      p.skipSpace();
      if (p.atEnd()) {
        break;
      }
      p.expect(';', "';' between dentries");
      p.skipSpace();
    }
    return out;
  }

  static Dentry parseDentry(String text) {
    DtabParser p = new DtabParser(text);
    p.skipSpace();
    Dentry d = p.dentry();
    p.end();
    return d;
  }

  static NameTree<Path> parseTree(String text) {
    DtabParser p = new DtabParser(text);
    p.skipSpace();
    NameTree<Path> tree = p.tree();
    p.end();
    return tree;
  }

  static Dentry.Prefix parsePrefix(String text) {
    DtabParser p = new DtabParser(text);
    p.skipSpace();
    Dentry.Prefix prefix = p.prefix();
    p.end();
    return prefix;
  }

  private Dentry dentry() {
    Dentry.Prefix prefix = prefix();
    skipSpace();
    if (!text.startsWith("=>", pos)) {
      throw error("'=>'");
    }
    pos += 2;
    skipSpace();
    return new Dentry(prefix, tree());
  }

  private Dentry.Prefix prefix() {
    if (peek() != '/') {
      throw error("a prefix starting with '/'");
    }
    List<String> elements = new ArrayList<>();
    while (peek() == '/') {
      pos++;
      if (peek() == '*') {
        pos++;
        elements.add(null);
      } else if (isLabelStart()) {
        elements.add(label());
      } else if (elements.isEmpty() && !isLabelStart()) {
        break; // "/" alone: the empty prefix
      } else {
        throw error("a path segment or '*'");
      }
    }
    return Dentry.Prefix.ofElements(elements);
  }

  private NameTree<Path> tree() {
    List<NameTree<Path>> alts = new ArrayList<>();
    alts.add(union());
    skipSpace();
    while (peek() == '|') {
      pos++;
      skipSpace();
      alts.add(union());
      skipSpace();
    }
    return alts.size() == 1 ? alts.get(0) : new NameTree.Alt<>(alts);
  }

  private NameTree<Path> union() {
    List<NameTree.Weighted<Path>> parts = new ArrayList<>();
    parts.add(weighted());
    skipSpace();
    while (peek() == '&') {
      pos++;
      skipSpace();
      parts.add(weighted());
      skipSpace();
    }
    if (parts.size() == 1 && parts.get(0).weight() == NameTree.Weighted.DEFAULT_WEIGHT) {
      return parts.get(0).tree();
    }
    return new NameTree.Union<>(parts);
  }

  private NameTree.Weighted<Path> weighted() {
    double weight = NameTree.Weighted.DEFAULT_WEIGHT;
    char c = peek();
    if ((c >= '0' && c <= '9') || c == '.') {
      weight = number();
      skipSpace();
      expect('*', "'*' after a weight");
      skipSpace();
    }
    return new NameTree.Weighted<>(weight, node());
  }

  private NameTree<Path> node() {
    char c = peek();
    switch (c) {
      case '(':
        if (++nesting > MAX_NESTING) {
          throw error("at most " + MAX_NESTING + " nested '('");
        }
        pos++;
        skipSpace();
        NameTree<Path> inner = tree();
        skipSpace();
        expect(')', "')'");
        nesting--;
        return inner;
      case '!':
        pos++;
        return NameTree.fail();
      case '~':
        pos++;
        return NameTree.neg();
      case '$':
        pos++;
        return NameTree.empty();
      case '/':
        return new NameTree.Leaf<>(path());
      default:
        throw error("a path, '(', '!', '~', '$' or a weight");
    }
  }

  private Path path() {
    List<String> segments = new ArrayList<>();
    while (peek() == '/') {
      pos++;
      if (isLabelStart()) {
        segments.add(label());
      } else if (segments.isEmpty()) {
        break;
      } else {
        throw error("a path segment");
      }
    }
    return Path.of(segments);
  }

  private boolean isLabelStart() {
    char c = peek();
    return PathSyntax.isLabelChar(c) || (c == '\\' && text.startsWith("\\x", pos));
  }

  private String label() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (!atEnd()) {
      char c = text.charAt(pos);
      if (PathSyntax.isLabelChar(c)) {
        bytes.write(c);
        pos++;
      } else if (c == '\\') {
        if (pos + 3 >= text.length() || text.charAt(pos + 1) != 'x'
            || Character.digit(text.charAt(pos + 2), 16) < 0
            || Character.digit(text.charAt(pos + 3), 16) < 0) {
          throw error("an escape like \\x2a");
        }
        bytes.write(Integer.parseInt(text.substring(pos + 2, pos + 4), 16));
        pos += 4;
      } else {
        break;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private double number() {
    int start = pos;
    while (!atEnd() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    String digits = text.substring(start, pos);
    if (!digits.matches("[0-9]*\\.?[0-9]+")) {
      pos = start;
      throw error("a weight such as 0.5");
    }
    return Double.parseDouble(digits);
  }

  private void skipSpace() {
    while (!atEnd()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (!atEnd() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void expect(char c, String what) {
    if (peek() != c) {
      throw error(what);
    }
    pos++;
  }

  private void end() {
    skipSpace();
    if (!atEnd()) {
      throw error("the end of input");
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return atEnd() ? '\0' : text.charAt(pos);
  }

  private DtabSyntaxException error(String expected) {
    String found = atEnd() ? "the end of input" : "'" + text.charAt(pos) + "'";
    return new DtabSyntaxException("expected " + expected + " but found " + found, pos, text);
  }
}
