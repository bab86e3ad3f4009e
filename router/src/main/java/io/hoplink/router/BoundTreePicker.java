package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the bound name each request goes to from one bound tree: an alt is its first branch
 * that binds (none past a failure), and a weighted union picks among its branches that bind by
 * smooth weighted round-robin, so {@code 0.9 * /a & 0.1 * /b} sends exactly 9 of every 10
 * picks to {@code /a}. Branches that bind to nothing (negative, failed, empty) are left out and
 * the others share their weight in proportion. Made once per bound tree (the binding cache keeps
 * it with the tree) and shared by every event loop.
 */
final class BoundTreePicker {
  /** A subtree that binds: one bound name, or a union of choices. */
  private sealed interface Choice permits One, Union {
    Name.Bound pick();
  }

  private record One(Name.Bound bound) implements Choice {
    @Override
    public Name.Bound pick() {
      return bound;
    }
  }

  private record Union(SmoothWeightedRoundRobin order, Choice[] branches) implements Choice {
    @Override
    public Name.Bound pick() {
      return branches[order.next()].pick();
    }
  }

  private final NameTree<Name.Bound> tree;
  private final Choice choice;

  private BoundTreePicker(NameTree<Name.Bound> tree, Choice choice) {
    this.tree = tree;
    this.choice = choice;
  }

  static BoundTreePicker of(NameTree<Name.Bound> tree) {
    return new BoundTreePicker(tree, choice(requireNonNull(tree, "tree")));
  }

  NameTree<Name.Bound> tree() {
    return tree;
  }

  /** The next bound name, or null when the tree binds to nothing (negative, failed or empty). */
  Name.Bound pick() {
    return choice == null ? null : choice.pick();
  }

  /** What {@code tree} picks from; null when it binds to nothing. */
  private static Choice choice(NameTree<Name.Bound> tree) {
    if (tree instanceof NameTree.Leaf<Name.Bound> leaf) {
      return new One(leaf.value());
    }
    if (tree instanceof NameTree.Alt<Name.Bound> alt) {
      for (NameTree<Name.Bound> branch : alt.trees()) {
        if (branch instanceof NameTree.Fail) {
          return null;
        }
        Choice choice = choice(branch);
        if (choice != null) {
          return choice;
        }
      }
      return null;
    }
    if (tree instanceof NameTree.Union<Name.Bound> union) {
      return union(union.trees());
    }
    return null;
  }

  private static Choice union(List<NameTree.Weighted<Name.Bound>> weighted) {
    List<Choice> binding = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (NameTree.Weighted<Name.Bound> w : weighted) {
      Choice choice = choice(w.tree());
      if (choice != null) {
        binding.add(choice);
        weights.add(w.weight());
      }
    }
    if (binding.isEmpty()) {
      return null;
    }
    long[] whole = SmoothWeightedRoundRobin.wholeWeights(
        weights.stream().mapToDouble(Double::doubleValue).toArray());
    List<Choice> kept = new ArrayList<>();
    List<Long> keptWeights = new ArrayList<>();
    for (int i = 0; i < whole.length; i++) {
      if (whole[i] > 0) {
        kept.add(binding.get(i));
        keptWeights.add(whole[i]);
      }
    }
    if (kept.isEmpty()) {
      return binding.get(0); // every weight is 0: the first branch that binds, as before
    }
    if (kept.size() == 1) {
      return kept.get(0);
    }
    return new Union(new SmoothWeightedRoundRobin(
        keptWeights.stream().mapToLong(Long::longValue).toArray()), kept.toArray(Choice[]::new));
  }
}
