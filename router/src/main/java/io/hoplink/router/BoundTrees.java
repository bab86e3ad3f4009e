package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses the bound name a request goes to: a weighted union splits traffic by weight. */
final class BoundTrees {
  private BoundTrees() {}

  /** The chosen leaf, or null when the tree binds to nothing (negative, failed or empty). */
  static Name.Bound pick(NameTree<Name.Bound> tree, RandomGenerator random) {
    if (tree instanceof NameTree.Leaf<Name.Bound> leaf) {
      return leaf.value();
    }
    if (tree instanceof NameTree.Alt<Name.Bound> alt) {
      for (NameTree<Name.Bound> branch : alt.trees()) {
        if (branch instanceof NameTree.Fail) {
          return null;
        }
        Name.Bound bound = pick(branch, random);
        if (bound != null) {
          return bound;
        }
      }
      return null;
    }
    if (tree instanceof NameTree.Union<Name.Bound> union) {
      return pickWeighted(union.trees(), random);
    }
    return null;
  }

  private static Name.Bound pickWeighted(List<NameTree.Weighted<Name.Bound>> branches,
      RandomGenerator random) {
    double total = 0;
    for (NameTree.Weighted<Name.Bound> w : branches) {
      total += w.weight();
    }
    double point = random.nextDouble() * total;
    for (NameTree.Weighted<Name.Bound> w : branches) {
      point -= w.weight();
      if (point < 0) {
        Name.Bound bound = pick(w.tree(), random);
        if (bound != null) {
          return bound;
        }
      }
    }
    for (NameTree.Weighted<Name.Bound> w : branches) {
      Name.Bound bound = pick(w.tree(), random);
      if (bound != null) {
        return bound;
      }
    }
    return null;
  }
}
