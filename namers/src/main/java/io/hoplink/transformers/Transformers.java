package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds transformers and applies them: to an interpreter (a router's
 * {@code interpreter.transformers}: every bound tree) or to a namer (a namer's
 * {@code transformers}: each answer that is fully bound), in the order configured.
 */
public final class Transformers {
  private Transformers() {}

  /** Every transformer plugin on the class path. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static PluginRegistry<TransformerPlugin<?>> registry() {
    return (PluginRegistry) PluginRegistry.load(TransformerPlugin.FAMILY, TransformerPlugin.class);
  }

  /**
   * The {@code transformers} of a namer block (a list, or one block), parsed by the transformer
   * plugins on the class path; none when the key is absent.
   */
  public static List<PluginConfig> parseNamerTransformers(ConfigNode namer) {
    requireNonNull(namer, "namer");
    PluginRegistry<TransformerPlugin<?>> registry = registry();
    return namer.get("transformers")
        .map(node -> node.elementsOrSingle().stream().map(registry::parse).toList())
        .orElse(List.of());
  }

  /** Builds each config by its plugin in {@code registry}; closes what it built if one fails. */
  public static List<NameTreeTransformer> build(List<? extends PluginConfig> configs,
      PluginRegistry<?> registry, TransformerContext ctx) {
    requireNonNull(ctx, "ctx");
    List<NameTreeTransformer> out = new ArrayList<>();
    try {
      for (PluginConfig config : configs) {
        TransformerPlugin<?> plugin = (TransformerPlugin<?>) registry.of(config);
        out.add(plugin.newTransformerUnchecked(config, ctx));
      }
    } catch (RuntimeException e) {
      out.forEach(NameTreeTransformer::close);
      throw e;
    }
    return List.copyOf(out);
  }

  /** {@code inner} with each bound tree passed through {@code transformers} in order. */
  public static NameInterpreter wrap(NameInterpreter inner, List<NameTreeTransformer> transformers) {
    requireNonNull(inner, "inner");
    List<NameTreeTransformer> chain = List.copyOf(transformers);
    if (chain.isEmpty()) {
      return inner;
    }
    List<Function<NameTree<Name.Bound>, Activity<NameTree<Name.Bound>>>> steps =
        chain.stream().<Function<NameTree<Name.Bound>, Activity<NameTree<Name.Bound>>>>map(
            t -> t::transform).toList();
    return (dtab, path) -> {
      Activity<NameTree<Name.Bound>> bound = inner.bind(dtab, path);
      for (Function<NameTree<Name.Bound>, Activity<NameTree<Name.Bound>>> step : steps) {
        bound = bound.flatMap(step);
      }
      return bound;
    };
  }

  /**
   * {@code inner} whose answers, when every leaf is bound, pass through {@code transformers};
   * an answer that still names paths is left for the interpreter to bind further. Closing the
   * result closes the transformers and then {@code inner}.
   */
  public static Namer wrap(Namer inner, List<NameTreeTransformer> transformers) {
    requireNonNull(inner, "inner");
    List<NameTreeTransformer> chain = List.copyOf(transformers);
    return chain.isEmpty() ? inner : new TransformingNamer(inner, chain);
  }

  /**
   * A transformer that keeps the endpoints {@code keep} accepts (nothing kept is negative) and
   * prefixes each bound id with {@code idPrefix}.
   */
  public static NameTreeTransformer filter(Path idPrefix, java.util.function.Predicate<io.hoplink.naming.Address> keep) {
    return new AddressFilter(requireNonNull(idPrefix, "idPrefix"), requireNonNull(keep, "keep"));
  }

  /** {@code tree} seen as a tree of bound names, or null when a leaf is still a path. */
  @SuppressWarnings("unchecked")
  static NameTree<Name.Bound> ifBound(NameTree<Name> tree) {
    if (tree instanceof NameTree.Leaf<Name> leaf) {
      return leaf.value() instanceof Name.Bound ? (NameTree<Name.Bound>) (NameTree<?>) tree : null;
    }
    if (tree instanceof NameTree.Alt<Name> alt) {
      return alt.trees().stream().allMatch(t -> ifBound(t) != null)
          ? (NameTree<Name.Bound>) (NameTree<?>) tree : null;
    }
    if (tree instanceof NameTree.Union<Name> union) {
      return union.trees().stream().allMatch(w -> ifBound(w.tree()) != null)
          ? (NameTree<Name.Bound>) (NameTree<?>) tree : null;
    }
    return (NameTree<Name.Bound>) (NameTree<?>) tree;
  }

  /** The bound names of {@code tree} given the id prefix {@code idPrefix}. */
  static NameTree<Name.Bound> prefixed(NameTree<Name.Bound> tree, Path idPrefix,
      Function<Name.Bound, io.hoplink.naming.Var<io.hoplink.naming.Addr>> addr) {
    return tree.map(b -> new Name.Bound(idPrefix.concat(b.id()), b.residual(), addr.apply(b)));
  }
}
