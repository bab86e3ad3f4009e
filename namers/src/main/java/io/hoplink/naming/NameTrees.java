package io.hoplink.naming;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The algorithms behind {@link NameTree}: map, simplify, eval, show. */
final class NameTrees {
  private NameTrees() {}

  static <T, U> NameTree<U> map(NameTree<T> tree, Function<? super T, ? extends U> f) {
    if (tree instanceof NameTree.Leaf<T> leaf) {
      return new NameTree.Leaf<>(f.apply(leaf.value()));
    }
    if (tree instanceof NameTree.Alt<T> alt) {
      List<NameTree<U>> out = new ArrayList<>();
      alt.trees().forEach(t -> out.add(map(t, f)));
      return new NameTree.Alt<>(out);
    }
    if (tree instanceof NameTree.Union<T> union) {
      List<NameTree.Weighted<U>> out = new ArrayList<>();
      union.trees().forEach(w -> out.add(new NameTree.Weighted<U>(w.weight(), map(w.tree(), f))));
      return new NameTree.Union<>(out);
    }
    return retype(tree);
  }

  /** Whether two values (equal ones) hold the very same address vars in their bound leaves. */
  static boolean sameAddrs(Object a, Object b) {
    if (!(a instanceof NameTree<?> ta) || !(b instanceof NameTree<?> tb)) {
      return true;
    }
    List<Object> left = new ArrayList<>();
    List<Object> right = new ArrayList<>();
    addrs(ta, left);
    addrs(tb, right);
    if (left.size() != right.size()) {
      return false;
    }
    for (int i = 0; i < left.size(); i++) {
      if (left.get(i) != right.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static void addrs(NameTree<?> tree, List<Object> out) {
    if (tree instanceof NameTree.Leaf<?> leaf) {
      if (leaf.value() instanceof Name.Bound bound) {
        out.add(bound.addr());
      }
    } else if (tree instanceof NameTree.Alt<?> alt) {
      alt.trees().forEach(t -> addrs(t, out));
    } else if (tree instanceof NameTree.Union<?> union) {
      union.trees().forEach(w -> addrs(w.tree(), out));
    }
  }

  /** Neg, Fail and Empty carry no value, so they fit any type. */
  @SuppressWarnings("unchecked")
  static <T, U> NameTree<U> retype(NameTree<T> tree) {
    return (NameTree<U>) tree;
  }

  static <T> NameTree<T> simplify(NameTree<T> tree) {
    if (tree instanceof NameTree.Alt<T> alt) {
      List<NameTree<T>> kept = new ArrayList<>();
      for (NameTree<T> branch : alt.trees()) {
        NameTree<T> s = simplify(branch);
        if (s instanceof NameTree.Neg) {
          continue;
        }
        kept.add(s);
        if (s instanceof NameTree.Fail) {
          break;
        }
      }
      return kept.isEmpty() ? NameTree.neg() : kept.size() == 1 ? kept.get(0) : new NameTree.Alt<>(kept);
    }
    if (tree instanceof NameTree.Union<T> union) {
      List<NameTree.Weighted<T>> kept = new ArrayList<>();
      for (NameTree.Weighted<T> w : union.trees()) {
        NameTree<T> s = simplify(w.tree());
        if (!(s instanceof NameTree.Neg) && !(s instanceof NameTree.Fail)) {
          kept.add(new NameTree.Weighted<>(w.weight(), s));
        }
      }
      if (kept.isEmpty()) {
        return NameTree.neg();
      }
      return kept.size() == 1 ? kept.get(0).tree() : new NameTree.Union<>(kept);
    }
    return tree;
  }

  /** Finagle's eval: null means negative, and a failing tree is negative too. */
  static <T> Optional<Set<T>> eval(NameTree<T> tree) {
    Set<T> out = evalOrNull(tree);
    return out == null || out == FAILED ? Optional.empty() : Optional.of(Set.copyOf(out));
  }

  private static final Set<Object> FAILED = new HashSet<>();

  @SuppressWarnings("unchecked")
  private static <T> Set<T> evalOrNull(NameTree<T> tree) {
    if (tree instanceof NameTree.Leaf<T> leaf) {
      return Set.of(leaf.value());
    }
    if (tree instanceof NameTree.Empty) {
      return Set.of();
    }
    if (tree instanceof NameTree.Fail) {
      return (Set<T>) FAILED;
    }
    if (tree instanceof NameTree.Alt<T> alt) {
      for (NameTree<T> branch : alt.trees()) {
        Set<T> result = evalOrNull(branch);
        if (result != null) {
          return result;
        }
      }
      return null;
    }
    if (tree instanceof NameTree.Union<T> union) {
      Set<T> all = null;
      for (NameTree.Weighted<T> w : union.trees()) {
        Set<T> result = evalOrNull(w.tree());
        if (result != null && result != FAILED) {
          all = all == null ? new HashSet<>() : all;
          all.addAll(result);
        }
      }
      return all;
    }
    return null;
  }

  static String show(NameTree<?> tree) {
    if (tree instanceof NameTree.Alt<?> alt && alt.trees().size() > 1) {
      List<String> parts = new ArrayList<>();
      for (NameTree<?> branch : alt.trees()) {
        parts.add(showBranch(branch));
      }
      return String.join(" | ", parts);
    }
    return showBranch(tree);
  }

  /** An operand of {@code |}: a union needs no parentheses here. */
  private static String showBranch(NameTree<?> tree) {
    if (tree instanceof NameTree.Union<?> union
        && (union.trees().size() > 1
            || (union.trees().size() == 1 && union.trees().get(0).weight() != 1.0))) {
      List<String> parts = new ArrayList<>();
      for (NameTree.Weighted<?> w : union.trees()) {
        String weight = w.weight() == NameTree.Weighted.DEFAULT_WEIGHT ? "" : showWeight(w.weight()) + "*";
        parts.add(weight + showSimple(w.tree()));
      }
      return String.join(" & ", parts);
    }
    return showSimple(tree);
  }

  private static String showSimple(NameTree<?> tree) {
    if (tree instanceof NameTree.Alt<?> alt) {
      return alt.trees().isEmpty() ? "~"
          : alt.trees().size() == 1 ? showSimple(alt.trees().get(0)) : "(" + show(tree) + ")";
    }
    if (tree instanceof NameTree.Union<?> union) {
      if (union.trees().isEmpty()) {
        return "~";
      }
      String inner = showBranch(tree);
      return union.trees().size() == 1 && union.trees().get(0).weight() == 1.0 ? inner : "(" + inner + ")";
    }
    if (tree instanceof NameTree.Leaf<?> leaf) {
      return showValue(leaf.value());
    }
    return tree instanceof NameTree.Fail ? "!" : tree instanceof NameTree.Neg ? "~" : "$";
  }

  /** As Finagle and Linkerd print a weight: two decimals ({@code 2.00}, {@code 0.70}). */
  static String showWeight(double weight) {
    return String.format(java.util.Locale.ROOT, "%.2f", weight);
  }

  private static String showValue(Object value) {
    if (value instanceof Path path) {
      return PathSyntax.show(path);
    }
    if (value instanceof Name.Path name) {
      return PathSyntax.show(name.path());
    }
    if (value instanceof Name.Bound bound) {
      return PathSyntax.show(bound.id().concat(bound.residual()));
    }
    return String.valueOf(value);
  }
}
