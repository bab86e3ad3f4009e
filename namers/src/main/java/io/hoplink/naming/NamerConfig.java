package io.hoplink.naming;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import java.util.List;
import java.util.Set;

/**
 * The parsed block of one {@code namers:} entry. Every namer accepts {@code kind},
 * {@code prefix} (default {@code /<kind>}), {@code transformers} and {@code experimental}.
 */
public interface NamerConfig extends PluginConfig {
  /** The keys every namer block accepts besides its own. */
  Set<String> COMMON_KEYS = Set.of("kind", "prefix", "transformers", "experimental");

  /** The namer's prefix without {@code /#}, such as {@code /io.l5d.fs}. */
  Path prefix();

  /**
   * The namer's {@code transformers} (parsed with
   * {@code io.hoplink.transformers.Transformers.parseNamerTransformers}); the router applies
   * them to this namer's bound answers. A namer whose config carries transformers must return
   * them here.
   */
  default List<PluginConfig> transformers() {
    return List.of();
  }

  /** The prefix a dtab names this namer by: {@code /#/io.l5d.fs}. */
  default Path dtabPrefix() {
    return Path.of("#").concat(prefix());
  }

  /**
   * Reads {@code prefix} (default {@code /<kind>}) and checks {@code experimental} is a boolean.
   * The {@code transformers} key is the namer's to parse (see {@link #transformers()}).
   */
  static Path parseCommon(ConfigNode node, String kind) {
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    return node.get("prefix").map(NamerConfig::parsePrefix).orElse(Path.of(kind));
  }

  private static Path parsePrefix(ConfigNode node) {
    String text = node.asString();
    NameTree<Path> tree;
    try {
      tree = NameTree.read(text);
    } catch (IllegalArgumentException e) {
      throw node.error("'" + text + "' is not a path (expected: a path such as /disco): "
          + e.getMessage());
    }
    if (!(tree instanceof NameTree.Leaf<Path> leaf) || leaf.value().isEmpty()) {
      throw node.error("'" + text + "' (expected: a non-empty path such as /disco)");
    }
    return leaf.value();
  }
}
