package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Path;
import java.util.Arrays;

/**
 * Linkerd's {@code io.l5d.specificHost}: keeps only the endpoints whose IP is {@code host} (an
 * IP literal; hoplink does not resolve names while reading a config). Ids become
 * {@code /%/io.l5d.specificHost<id>}.
 *
 * <pre>
 * transformers:
 * - kind: io.l5d.specificHost
 *   host: 10.0.0.7
 * </pre>
 */
public final class SpecificHostTransformerPlugin
    implements TransformerPlugin<SpecificHostTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.specificHost";

  /** The parsed block: {@code host} is an IP literal. */
  public record Config(String kind, Path prefix, String host) implements TransformerConfig {
    public Config {
      requireNonNull(kind, "kind");
      requireNonNull(prefix, "prefix");
      if (IpMatch.literal(requireNonNull(host, "host")) == null) {
        throw new IllegalArgumentException("host: '" + host + "' (expected: an IP address)");
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    TransformerKeys.requireOnly(node, "host");
    ConfigNode hostNode = node.required("host");
    String host = hostNode.asString();
    if (IpMatch.literal(host) == null) {
      throw hostNode.error("'" + host + "' is not an IP address (expected: an IPv4 or IPv6 literal)");
    }
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND)), host);
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    byte[] wanted = IpMatch.literal(config.host());
    return new AddressFilter(config.idPrefix(), a -> Arrays.equals(wanted, IpMatch.literal(a.host())));
  }
}
