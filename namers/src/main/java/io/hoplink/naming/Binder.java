package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;

/**
 * Finagle's bind: look each path up in the dtab (the whole table again after every rewrite),
 * else in the namers, until only bound names remain. Alt keeps the first branch that is not
 * negative and stops at a failure; Union keeps every branch that is bound and not negative.
 */
final class Binder {
  static final int MAX_DEPTH = 100;
  static final int MAX_LOOKUPS = 10_000;

  private final NamerTable namers;

  Binder(NamerTable namers) {
    this.namers = namers;
  }

  NameTree<Name.Bound> bind(Dtab dtab, Path path, DependencyReader reader) {
    return bind(dtab, NameTree.leaf(Name.path(path)), 0, reader, path);
  }

  private NameTree<Name.Bound> bind(Dtab dtab, NameTree<Name> tree, int depth,
      DependencyReader reader, Path start) {
    if (tree instanceof NameTree.Leaf<Name> leaf) {
      if (leaf.value() instanceof Name.Bound bound) {
        return NameTree.leaf(bound);
      }
      if (depth >= MAX_DEPTH) {
        throw new DependencyReader.Failure("binding " + PathSyntax.show(start)
            + " reached the recursion limit of " + MAX_DEPTH + " rewrites at "
            + PathSyntax.show(((Name.Path) leaf.value()).path()) + ": does the dtab loop?");
      }
      return bind(dtab, lookup(dtab, ((Name.Path) leaf.value()).path(), reader), depth + 1, reader, start);
    }
    if (tree instanceof NameTree.Alt<Name> alt) {
      for (NameTree<Name> branch : alt.trees()) {
        NameTree<Name.Bound> bound = bind(dtab, branch, depth, reader, start);
        if (!(bound instanceof NameTree.Neg)) {
          return bound;
        }
      }
      return NameTree.neg();
    }
    if (tree instanceof NameTree.Union<Name> union) {
      // As Finagle: the union of the branches that are ready; when none is, the first failure,
      // else pending.
      List<NameTree.Weighted<Name.Bound>> parts = new ArrayList<>();
      DependencyReader.Failure failure = null;
      for (NameTree.Weighted<Name> w : union.trees()) {
        try {
          parts.add(new NameTree.Weighted<>(w.weight(), bind(dtab, w.tree(), depth, reader, start)));
        } catch (DependencyReader.Pending e) {
          // read: its arrival binds again
        } catch (DependencyReader.Failure e) {
          failure = failure == null ? e : failure;
        }
      }
      if (parts.isEmpty()) {
        throw failure != null ? failure : new DependencyReader.Pending();
      }
      return new NameTree.Union<>(parts).simplified();
    }
    return NameTrees.retype(tree);
  }

  /** One step: the dtab's rewrite of {@code path}, else what the namers say. */
  NameTree<Name> lookup(Dtab dtab, Path path, DependencyReader reader) {
    if (++reader.lookups > MAX_LOOKUPS) {
      throw new DependencyReader.Failure("binding needs more than " + MAX_LOOKUPS
          + " lookups (at " + PathSyntax.show(path) + "): the dtab branches too much");
    }
    NameTree<Path> rewritten = dtab.lookup(path);
    if (rewritten instanceof NameTree.Neg) {
      return namers.lookup(path, reader);
    }
    return rewritten.map(Name::path);
  }
}
