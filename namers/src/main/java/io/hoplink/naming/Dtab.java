package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A delegation table: an ordered list of {@link Dentry}s. Later entries win: {@link #lookup}
 * tries them bottom-up. Immutable; equal dtabs have equal entries.
 *
 * <pre>
 * /svc      => /#/io.l5d.fs;
 * /a/x/b    => /x | /y;
 * /w        => 0.7 * /a &amp; 0.3 * /b;
 * </pre>
 */
public final class Dtab {
  private static final Dtab EMPTY = new Dtab(List.of());

  private final List<Dentry> entries;
  private int hash;

  private Dtab(List<Dentry> entries) {
    this.entries = entries;
  }

  public static Dtab empty() {
    return EMPTY;
  }

  public static Dtab of(List<Dentry> entries) {
    return entries.isEmpty() ? EMPTY : new Dtab(List.copyOf(entries));
  }

  /**
   * Parses {@code prefix => tree} entries separated by {@code ;} (a trailing {@code ;},
   * whitespace, newlines and {@code #} comments to the end of a line are allowed).
   *
   * @throws IllegalArgumentException saying what was expected at which character offset
   */
  public static Dtab read(String text) {
    return of(DtabParser.parseDtab(requireNonNull(text, "text")));
  }

  public List<Dentry> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** This dtab followed by {@code other}, whose entries then win. */
  public Dtab concat(Dtab other) {
    requireNonNull(other, "other");
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<Dentry> joined = new ArrayList<>(entries);
    joined.addAll(other.entries);
    return new Dtab(List.copyOf(joined));
  }

  public Dtab append(Dentry dentry) {
    return concat(new Dtab(List.of(requireNonNull(dentry, "dentry"))));
  }

  /**
   * One rewrite step: every matching entry's destination with the residual appended, latest
   * entry first, as an {@link NameTree.Alt}; {@link NameTree.Neg} when nothing matches.
   */
  public NameTree<Path> lookup(Path path) {
    requireNonNull(path, "path");
    List<NameTree<Path>> matches = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      Dentry dentry = entries.get(i);
      if (dentry.prefix().matches(path)) {
        Path residual = path.drop(dentry.prefix().size());
        matches.add(dentry.dst().map(p -> p.concat(residual)));
      }
    }
    if (matches.isEmpty()) {
      return NameTree.neg();
    }
    return matches.size() == 1 ? matches.get(0) : new NameTree.Alt<>(matches);
  }

  /** The dtab in the syntax {@link #read} accepts: {@code /a=>/b;/c=>/d}. */
  public String show() {
    StringBuilder out = new StringBuilder();
    for (Dentry dentry : entries) {
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(dentry.show());
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dtab d && d.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = entries.hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "Dtab(" + show() + ")";
  }
}
