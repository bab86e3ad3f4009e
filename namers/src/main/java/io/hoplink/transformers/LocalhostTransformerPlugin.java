package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Path;
import java.net.InetAddress;
import java.util.List;

/**
 * Linkerd's {@code io.l5d.localhost}: keeps only the endpoints whose IP is one of this host's
 * interface addresses, so an incoming router serves local destinations only. Ids become
 * {@code /%/io.l5d.localhost<id>}.
 *
 * <pre>
 * transformers:
 * - kind: io.l5d.localhost
 * </pre>
 */
public final class LocalhostTransformerPlugin
    implements TransformerPlugin<LocalhostTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.localhost";

  /** The parsed block. */
  public record Config(String kind, Path prefix) implements TransformerConfig {
    public Config {
      requireNonNull(kind, "kind");
      requireNonNull(prefix, "prefix");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    TransformerKeys.requireOnly(node);
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND)));
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    List<byte[]> local = ctx.localAddresses().get().stream().map(InetAddress::getAddress).toList();
    return new AddressFilter(config.idPrefix(), a -> {
      byte[] ip = IpMatch.literal(a.host());
      return ip != null && local.stream().anyMatch(l -> java.util.Arrays.equals(l, ip));
    });
  }
}
