package io.hoplink.transformers;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import java.util.function.Supplier;

/**
 * {@code io.l5d.const} and {@code io.l5d.replace}: bind a configured path (with an empty dtab,
 * over the configured and system namers) and use it for the whole tree (const) or for each leaf
 * (replace). Its bound names get the id {@code <idPrefix><path>}.
 */
final class PathTransformer implements NameTreeTransformer {
  private final Path id;
  private final Path path;
  private final boolean wholeTree;
  private final Supplier<NameInterpreter> interpreter;
  private Activity<NameTree<Name.Bound>> bound;

  PathTransformer(Path idPrefix, Path path, boolean wholeTree, Supplier<NameInterpreter> interpreter) {
    this.id = idPrefix.concat(path);
    this.path = path;
    this.wholeTree = wholeTree;
    this.interpreter = interpreter;
  }

  private synchronized Activity<NameTree<Name.Bound>> bound() {
    if (bound == null) {
      bound = interpreter.get().bind(Dtab.empty(), path)
          .map(tree -> tree.map(b -> new Name.Bound(id, b.residual(), b.addr())));
    }
    return bound;
  }

  @Override
  public Activity<NameTree<Name.Bound>> transform(NameTree<Name.Bound> tree) {
    if (wholeTree) {
      return bound();
    }
    return bound().map(replacement -> replace(tree, replacement));
  }

  private static NameTree<Name.Bound> replace(NameTree<Name.Bound> tree,
      NameTree<Name.Bound> replacement) {
    if (tree instanceof NameTree.Leaf<Name.Bound>) {
      return replacement;
    }
    if (tree instanceof NameTree.Alt<Name.Bound> alt) {
      return new NameTree.Alt<>(alt.trees().stream().map(t -> replace(t, replacement)).toList());
    }
    if (tree instanceof NameTree.Union<Name.Bound> union) {
      return new NameTree.Union<>(union.trees().stream()
          .map(w -> new NameTree.Weighted<>(w.weight(), replace(w.tree(), replacement))).toList());
    }
    return tree;
  }
}
