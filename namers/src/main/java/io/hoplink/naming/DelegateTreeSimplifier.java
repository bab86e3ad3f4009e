package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;

/**
 * Linkerd's simplification of a delegation: a step that did not change the path is folded into
 * its result (keeping the dentry that led there), single-branch Alts and Unions become steps,
 * nested Alts on one path are flattened.
 */
final class DelegateTreeSimplifier {
  private DelegateTreeSimplifier() {}

  static DelegateTree simplify(DelegateTree tree) {
    if (tree instanceof DelegateTree.Delegate d) {
      DelegateTree inner = simplify(d.tree());
      boolean terminal = inner instanceof DelegateTree.Neg || inner instanceof DelegateTree.Fail
          || inner instanceof DelegateTree.Empty;
      return !terminal && inner.path().equals(d.path()) ? withDentry(inner, d.dentry())
          : new DelegateTree.Delegate(d.path(), d.dentry(), inner);
    }
    if (tree instanceof DelegateTree.Alt alt) {
      if (alt.trees().isEmpty()) {
        return new DelegateTree.Neg(alt.path(), alt.dentry());
      }
      if (alt.trees().size() == 1) {
        return simplify(new DelegateTree.Delegate(alt.path(), alt.dentry(), alt.trees().get(0)));
      }
      List<DelegateTree> out = new ArrayList<>();
      for (DelegateTree branch : alt.trees()) {
        DelegateTree s = simplify(branch);
        if (s instanceof DelegateTree.Alt nested && nested.path().equals(alt.path())) {
          out.addAll(nested.trees());
        } else {
          out.add(s);
        }
      }
      return new DelegateTree.Alt(alt.path(), alt.dentry(), out);
    }
    if (tree instanceof DelegateTree.Union union) {
      if (union.trees().isEmpty()) {
        return new DelegateTree.Neg(union.path(), union.dentry());
      }
      if (union.trees().size() == 1) {
        return simplify(new DelegateTree.Delegate(union.path(), union.dentry(),
            union.trees().get(0).tree()));
      }
      List<DelegateTree.Weighted> out = new ArrayList<>();
      union.trees().forEach(w -> out.add(new DelegateTree.Weighted(w.weight(), simplify(w.tree()))));
      return new DelegateTree.Union(union.path(), union.dentry(), out);
    }
    return tree;
  }

  private static DelegateTree withDentry(DelegateTree tree, Dentry dentry) {
    if (tree instanceof DelegateTree.Delegate d) {
      return new DelegateTree.Delegate(d.path(), dentry, d.tree());
    } else if (tree instanceof DelegateTree.Leaf l) {
      return new DelegateTree.Leaf(l.path(), dentry, l.name());
    } else if (tree instanceof DelegateTree.Alt a) {
      return new DelegateTree.Alt(a.path(), dentry, a.trees());
    } else if (tree instanceof DelegateTree.Union u) {
      return new DelegateTree.Union(u.path(), dentry, u.trees());
    } else if (tree instanceof DelegateTree.Neg n) {
      return new DelegateTree.Neg(n.path(), dentry);
    } else if (tree instanceof DelegateTree.Fail f) {
      return new DelegateTree.Fail(f.path(), dentry);
    } else if (tree instanceof DelegateTree.Empty e) {
      return new DelegateTree.Empty(e.path(), dentry);
    }
    DelegateTree.Exception e = (DelegateTree.Exception) tree;
    return new DelegateTree.Exception(e.path(), dentry, e.message());
  }
}
