package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One dtab entry, {@code prefix => dst}: a path starting with {@code prefix} is rewritten to
 * each path of {@code dst} followed by the rest (the residual) of the original path.
 */
public record Dentry(Dentry.Prefix prefix, NameTree<Path> dst) {
  public Dentry {
    requireNonNull(prefix, "prefix");
    requireNonNull(dst, "dst");
  }

  /** Parses one entry such as {@code /svc/* => /#/io.l5d.fs}. */
  public static Dentry read(String text) {
    return DtabParser.parseDentry(requireNonNull(text, "text"));
  }

  /** The entry in dtab syntax, {@code /svc=>/#/io.l5d.fs}. */
  public String show() {
    return prefix.show() + "=>" + dst.show();
  }

  @Override
  public String toString() {
    return show();
  }

  /** The left-hand side of a dentry: path segments where {@code *} matches any one segment. */
  public static final class Prefix {
    /** A null element is the wildcard. */
    private final String[] elements;

    private Prefix(String[] elements) {
      this.elements = elements;
    }

    /** A prefix that matches exactly this path (no wildcards). */
    public static Prefix of(Path path) {
      return new Prefix(path.segments().toArray(new String[0]));
    }

    /** Elements in order; {@code null} stands for the {@code *} wildcard. */
    static Prefix ofElements(List<String> elements) {
      return new Prefix(elements.toArray(new String[0]));
    }

    public static Prefix read(String text) {
      return DtabParser.parsePrefix(requireNonNull(text, "text"));
    }

    public int size() {
      return elements.length;
    }

    public boolean matches(Path path) {
      if (path.size() < elements.length) {
        return false;
      }
      for (int i = 0; i < elements.length; i++) {
        if (elements[i] != null && !elements[i].equals(path.get(i))) {
          return false;
        }
      }
      return true;
    }

    /** The elements, with {@code "*"} for a wildcard (a literal star shows as {@code \x2a}). */
    public List<String> elements() {
      List<String> out = new ArrayList<>();
      for (String e : elements) {
        out.add(e == null ? "*" : e);
      }
      return out;
    }

    public String show() {
      if (elements.length == 0) {
        return "/";
      }
      StringBuilder out = new StringBuilder();
      for (String e : elements) {
        out.append('/');
        if (e == null) {
          out.append('*');
        } else {
          PathSyntax.appendLabel(out, e);
        }
      }
      return out.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Prefix p && Arrays.equals(elements, p.elements);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
      return show();
    }
  }
}
