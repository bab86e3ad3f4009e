package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Linkerd's delegation: like binding, but every alternative is followed and every step is kept
 * with the dentry that produced it. Reads the namers' current answers (no waiting).
 */
final class DelegateBinder {
  private final Binder binder;

  DelegateBinder(Binder binder) {
    this.binder = binder;
  }

  DelegateTree delegate(Dtab dtab, Path path) {
    DependencyReader reader = new DependencyReader(Map.of());
    DelegateTree start = new DelegateTree.Leaf(path, null, Name.path(path));
    return DelegateTreeSimplifier.simplify(bind(dtab, 0, start, reader));
  }

  private DelegateTree bind(Dtab dtab, int depth, DelegateTree tree, DependencyReader reader) {
    if (depth > Binder.MAX_DEPTH) {
      return new DelegateTree.Exception(tree.path(), tree.dentry(),
          "reached the recursion limit of " + Binder.MAX_DEPTH + " rewrites: does the dtab loop?");
    }
    if (tree instanceof DelegateTree.Leaf leaf && leaf.name() instanceof Name.Path next) {
      return bind(dtab, depth + 1, lookup(dtab, leaf.dentry(), next.path(), reader), reader);
    }
    if (tree instanceof DelegateTree.Delegate d) {
      return new DelegateTree.Delegate(d.path(), d.dentry(), bind(dtab, depth, d.tree(), reader));
    }
    if (tree instanceof DelegateTree.Alt alt) {
      List<DelegateTree> out = new ArrayList<>();
      alt.trees().forEach(t -> out.add(bind(dtab, depth, t, reader)));
      return out.isEmpty() ? new DelegateTree.Neg(alt.path(), alt.dentry())
          : new DelegateTree.Alt(alt.path(), alt.dentry(), out);
    }
    if (tree instanceof DelegateTree.Union union) {
      List<DelegateTree.Weighted> out = new ArrayList<>();
      union.trees().forEach(w -> out.add(new DelegateTree.Weighted(w.weight(),
          bind(dtab, depth, w.tree(), reader))));
      return out.isEmpty() ? new DelegateTree.Neg(union.path(), union.dentry())
          : new DelegateTree.Union(union.path(), union.dentry(), out);
    }
    return tree;
  }

  /** One step for {@code path}, reached through {@code dentry}. */
  private DelegateTree lookup(Dtab dtab, Dentry dentry, Path path, DependencyReader reader) {
    if (++reader.lookups > Binder.MAX_LOOKUPS) {
      return new DelegateTree.Exception(path, dentry,
          "delegation needs more than " + Binder.MAX_LOOKUPS + " lookups: the dtab branches too much");
    }
    List<DelegateTree> matches = new ArrayList<>();
    List<Dentry> entries = dtab.entries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      Dentry d = entries.get(i);
      if (d.prefix().matches(path)) {
        Path residual = path.drop(d.prefix().size());
        matches.add(fromNameTree(path, d, d.dst().map(p -> Name.path(p.concat(residual)))));
      }
    }
    if (matches.size() == 1) {
      return new DelegateTree.Delegate(path, dentry, matches.get(0));
    }
    if (matches.size() > 1) {
      return new DelegateTree.Alt(path, dentry, matches);
    }
    try {
      NameTree<Name> found = binder.lookup(Dtab.empty(), path, reader);
      return found instanceof NameTree.Neg ? new DelegateTree.Neg(path, dentry)
          : fromNameTree(path, dentry, found);
    } catch (DependencyReader.Pending e) {
      return new DelegateTree.Exception(path, dentry, "the namer has not answered yet (pending)");
    } catch (RuntimeException e) {
      return new DelegateTree.Exception(path, dentry, String.valueOf(e.getMessage()));
    }
  }

  static DelegateTree fromNameTree(Path path, Dentry dentry, NameTree<Name> tree) {
    if (tree instanceof NameTree.Leaf<Name> leaf) {
      return new DelegateTree.Leaf(path, dentry, leaf.value());
    }
    if (tree instanceof NameTree.Alt<Name> alt) {
      List<DelegateTree> out = new ArrayList<>();
      alt.trees().forEach(t -> out.add(fromNameTree(path, dentry, t)));
      return new DelegateTree.Alt(path, dentry, out);
    }
    if (tree instanceof NameTree.Union<Name> union) {
      List<DelegateTree.Weighted> out = new ArrayList<>();
      union.trees().forEach(w -> out.add(
          new DelegateTree.Weighted(w.weight(), fromNameTree(path, dentry, w.tree()))));
      return new DelegateTree.Union(path, dentry, out);
    }
    if (tree instanceof NameTree.Fail) {
      return new DelegateTree.Fail(path, dentry);
    }
    return tree instanceof NameTree.Empty ? new DelegateTree.Empty(path, dentry)
        : new DelegateTree.Neg(path, dentry);
  }
}
