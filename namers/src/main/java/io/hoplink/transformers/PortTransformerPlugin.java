package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Address;
import io.hoplink.naming.Path;

/**
 * Linkerd's {@code io.l5d.port}: every endpoint keeps its host but gets {@code port}, to reach
 * a router that listens on a fixed port on each host. Ids become
 * {@code /%/io.l5d.port/<port><id>}.
 *
 * <pre>
 * transformers:
 * - kind: io.l5d.port
 *   port: 4141
 * </pre>
 */
public final class PortTransformerPlugin implements TransformerPlugin<PortTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.port";

  /** The parsed block: {@code port} is 1 to 65535. */
  public record Config(String kind, Path prefix, int port) implements TransformerConfig {
    public Config {
      requireNonNull(kind, "kind");
      requireNonNull(prefix, "prefix");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    TransformerKeys.requireOnly(node, "port");
    ConfigNode portNode = node.required("port");
    int port = portNode.asInt();
    if (port < 1 || port > 65535) {
      throw portNode.error(port + " (expected: a port from 1 to 65535)");
    }
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND, Integer.toString(port))), port);
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    int port = config.port();
    return new AddressMapper(config.idPrefix(),
        a -> new Address(a.host(), port, a.weight(), a.meta()));
  }
}
