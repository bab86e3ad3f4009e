package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * How a path was delegated: each node carries the path it is about and the dentry that produced
 * it ({@code null} for the starting point). Shaped like Linkerd's {@code DelegateTree} so that
 * {@link #toPlain()} renders the JSON of {@code /delegator.json}.
 */
public sealed interface DelegateTree
    permits DelegateTree.Delegate, DelegateTree.Leaf, DelegateTree.Alt, DelegateTree.Union,
        DelegateTree.Neg, DelegateTree.Fail, DelegateTree.Empty, DelegateTree.Exception {

  Path path();

  /** The dentry that produced this node, or null. */
  Dentry dentry();

  /** One rewrite: {@code path} became {@code tree}. */
  record Delegate(Path path, Dentry dentry, DelegateTree tree) implements DelegateTree {
    public Delegate {
      requireNonNull(path, "path");
      requireNonNull(tree, "tree");
    }
  }

  /** A name: {@link Name.Bound} once bound (a {@link Name.Path} only while delegating). */
  record Leaf(Path path, Dentry dentry, Name name) implements DelegateTree {
    public Leaf {
      requireNonNull(path, "path");
      requireNonNull(name, "name");
    }
  }

  record Alt(Path path, Dentry dentry, List<DelegateTree> trees) implements DelegateTree {
    public Alt {
      requireNonNull(path, "path");
      trees = List.copyOf(trees);
    }
  }

  record Union(Path path, Dentry dentry, List<Weighted> trees) implements DelegateTree {
    public Union {
      requireNonNull(path, "path");
      trees = List.copyOf(trees);
    }
  }

  record Weighted(double weight, DelegateTree tree) {
    public Weighted {
      requireNonNull(tree, "tree");
    }
  }

  record Neg(Path path, Dentry dentry) implements DelegateTree {
    public Neg {
      requireNonNull(path, "path");
    }
  }

  record Fail(Path path, Dentry dentry) implements DelegateTree {
    public Fail {
      requireNonNull(path, "path");
    }
  }

  record Empty(Path path, Dentry dentry) implements DelegateTree {
    public Empty {
      requireNonNull(path, "path");
    }
  }

  /** Delegation stopped with an error (a failed or pending lookup, a loop). */
  record Exception(Path path, Dentry dentry, String message) implements DelegateTree {
    public Exception {
      requireNonNull(path, "path");
      requireNonNull(message, "message");
    }
  }

  /**
   * Linkerd's JSON as plain data: {@code {"type": "delegate"|"alt"|"union"|"leaf"|"neg"|"fail"|
   * "empty"|"exception", "path": "/svc/x", "dentry": {"prefix", "dst"} or null, ...}} with
   * {@code delegate}, {@code alt}, {@code union} ({@code [{weight, tree}]}), {@code bound}
   * ({@code {addr, id, path}}) or {@code message} as the type requires.
   */
  default Map<String, Object> toPlain() {
    return DelegateTreeJson.toPlain(this);
  }
}
