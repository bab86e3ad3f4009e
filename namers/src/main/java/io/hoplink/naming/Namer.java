package io.hoplink.naming;

import java.io.Closeable;
import java.util.Map;

/**
 * Binds names under one prefix, such as {@code /#/io.l5d.fs}: the interpreter passes the rest
 * of the path. Answers update as discovery changes. A namer is built once per config and closed
 * on shutdown.
 */
public interface Namer extends Closeable {
  /**
   * The tree for {@code path} (the part after the namer's prefix): usually a
   * {@link NameTree.Leaf} of a {@link Name.Bound}, or {@link NameTree.Neg} when the name does not
   * exist. Called on binding, not per request, but should be cheap and return the same activity
   * for the same path where it can.
   */
  Activity<NameTree<Name>> lookup(Path path);

  /** Plain Map/List/String/Number data for the admin page {@code /namer_state/<prefix>.json}. */
  default Object state() {
    return Map.of();
  }

  @Override
  default void close() {}
}
