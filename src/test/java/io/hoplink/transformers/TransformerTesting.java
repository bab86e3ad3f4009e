package io.hoplink.transformers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Helpers for transformer tests: inline YAML blocks, bound names, endpoint sets. */
public final class TransformerTesting {
  private TransformerTesting() {}

  /** The block {@code yaml} as {@code routers[0].interpreter.transformers[0]}. */
  public static ConfigNode block(String yaml) {
    ConfigNode root = YamlLoader.load("transformers:\n- " + yaml.replace("\n", "\n  ") + "\n");
    return root.required("transformers").elements().get(0);
  }

  public static PluginConfig parse(TransformerPlugin<?> plugin, String yaml) {
    return PluginRegistry.of(TransformerPlugin.FAMILY, plugin).parse(block(yaml));
  }

  public static TransformerContext context(Map<String, String> env, List<InetAddress> local,
      Supplier<NameInterpreter> interpreter) {
    return new TransformerContext(new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(),
        env), () -> local, interpreter);
  }

  public static NameTreeTransformer build(TransformerPlugin<?> plugin, String yaml,
      TransformerContext ctx) {
    return plugin.newTransformerUnchecked(parse(plugin, yaml), ctx);
  }

  public static Address at(String host, int port, String node) {
    return new Address(host, port, 1.0, node == null ? Map.of() : Map.of("nodeName", node));
  }

  public static Name.Bound bound(String id, Var<Addr> addr) {
    return new Name.Bound(Path.read(id), Path.read("/residual"), addr);
  }

  /** The single leaf of the transformed tree (which must be ready now). */
  public static Name.Bound leaf(NameTreeTransformer t, Name.Bound in) {
    Activity.State<NameTree<Name.Bound>> state = t.transform(NameTree.leaf(in)).current();
    return ((NameTree.Leaf<Name.Bound>) ((Activity.Ok<NameTree<Name.Bound>>) state).value()).value();
  }

  public static Set<String> hostPorts(Addr addr) {
    return addr instanceof Addr.Bound b
        ? b.addresses().stream().map(Address::hostPort).collect(Collectors.toSet()) : Set.of();
  }
}
