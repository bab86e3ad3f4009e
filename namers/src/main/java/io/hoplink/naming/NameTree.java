package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A tree of names with Finagle's evaluation rules: {@link Alt} falls back to the next branch
 * while a branch is {@link Neg} and stops at {@link Fail}; {@link Union} splits traffic by weight
 * over the branches that are not negative; {@link Empty} exists but holds no endpoint.
 */
public sealed interface NameTree<T>
    permits NameTree.Leaf, NameTree.Alt, NameTree.Union, NameTree.Neg, NameTree.Fail,
        NameTree.Empty {

  record Leaf<T>(T value) implements NameTree<T> {
    public Leaf {
      requireNonNull(value, "value");
    }
  }

  /** Fallback: the first branch that is not negative. */
  record Alt<T>(List<NameTree<T>> trees) implements NameTree<T> {
    public Alt {
      trees = List.copyOf(trees);
    }
  }

  /** A weighted split over the branches. */
  record Union<T>(List<Weighted<T>> trees) implements NameTree<T> {
    public Union {
      trees = List.copyOf(trees);
    }
  }

  record Weighted<T>(double weight, NameTree<T> tree) {
    public static final double DEFAULT_WEIGHT = 1.0;

    public Weighted {
      requireNonNull(tree, "tree");
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
      }
    }
  }

  /** Nothing is here: try elsewhere. */
  record Neg<T>() implements NameTree<T> {}

  /** Stop: the name must fail, and no fallback is tried. */
  record Fail<T>() implements NameTree<T> {}

  /** The name exists but has no endpoints. */
  record Empty<T>() implements NameTree<T> {}

  static <T> NameTree<T> leaf(T value) {
    return new Leaf<>(value);
  }

  static <T> NameTree<T> neg() {
    return new Neg<>();
  }

  static <T> NameTree<T> fail() {
    return new Fail<>();
  }

  static <T> NameTree<T> empty() {
    return new Empty<>();
  }

  @SafeVarargs
  static <T> NameTree<T> alt(NameTree<T>... trees) {
    List<NameTree<T>> branches = new java.util.ArrayList<>();
    for (NameTree<T> tree : trees) {
      branches.add(tree);
    }
    return new Alt<>(branches);
  }

  /**
   * Parses the right-hand side of a dentry: {@code /a | 0.7 * /b & 0.3 * (/c | /d) | ~ | ! | $}.
   *
   * @throws IllegalArgumentException naming what was expected and the character offset
   */
  static NameTree<Path> read(String text) {
    return DtabParser.parseTree(requireNonNull(text, "text"));
  }

  default <U> NameTree<U> map(Function<? super T, ? extends U> f) {
    return NameTrees.map(this, requireNonNull(f, "f"));
  }

  /** An evaluation-equivalent tree without negative branches, single-branch nodes or Alts
   * after a success. */
  default NameTree<T> simplified() {
    return NameTrees.simplify(this);
  }

  /** The set of leaves this tree evaluates to; empty when it is negative or fails. */
  default Optional<Set<T>> eval() {
    return NameTrees.eval(this);
  }

  /** The tree in the syntax {@link #read} accepts. Paths and names show as paths. */
  default String show() {
    return NameTrees.show(this);
  }
}
