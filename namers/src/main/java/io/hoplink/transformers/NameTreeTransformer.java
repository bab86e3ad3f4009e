package io.hoplink.transformers;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import java.io.Closeable;

/**
 * Rewrites a bound tree: filters or replaces the endpoints of its leaves, or the leaves
 * themselves. Called once per new tree (not per request); the answer follows discovery through
 * the address vars of the leaves it returns.
 */
public interface NameTreeTransformer extends Closeable {
  Activity<NameTree<Name.Bound>> transform(NameTree<Name.Bound> tree);

  /** Stops what the transformer watches. */
  @Override
  default void close() {}
}
