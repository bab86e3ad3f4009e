package io.hoplink.transformers;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parsing shared by the transformer plugins: the common keys and path values. */
public final class TransformerKeys {
  private TransformerKeys() {}

  /** Fails on keys other than {@code kind}, {@code prefix} and {@code own}. */
  public static void requireOnly(ConfigNode node, String... own) {
    Set<String> keys = new HashSet<>(List.of(own));
    keys.add("kind");
    keys.add("prefix");
    node.requireOnlyKeys(keys);
  }

  /** The {@code prefix} key, else {@code fallback}. */
  public static Path prefix(ConfigNode node, Path fallback) {
    return node.get("prefix").map(TransformerKeys::path).orElse(fallback);
  }

  /** A node holding one path such as {@code /$/inet/127.0.0.1/4141}. */
  public static Path path(ConfigNode node) {
    String text = node.asString();
    NameTree<Path> tree;
    try {
      tree = NameTree.read(text);
    } catch (IllegalArgumentException e) {
      throw node.error("'" + text + "' is not a path (expected: a path such as /$/inet/127.0.0.1/4141): "
          + e.getMessage());
    }
    if (!(tree instanceof NameTree.Leaf<Path> leaf) || leaf.value().isEmpty()) {
      throw node.error("'" + text + "' (expected: a non-empty path such as /$/inet/127.0.0.1/4141)");
    }
    return leaf.value();
  }
}
