package io.hoplink.transformers.k8s;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Address;
import io.hoplink.naming.Path;
import io.hoplink.transformers.IpMatch;
import io.hoplink.transformers.NameTreeTransformer;
import io.hoplink.transformers.TransformerConfig;
import io.hoplink.transformers.TransformerContext;
import io.hoplink.transformers.TransformerKeys;
import io.hoplink.transformers.TransformerPlugin;
import io.hoplink.transformers.Transformers;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Linkerd's {@code io.l5d.k8s.localnode}: keeps only the endpoints on this router's node, so an
 * incoming router serves local pods only. An endpoint is local when its {@code nodeName} is the
 * env {@code NODE_NAME}; when either is unknown, when it shares the /24 of env {@code POD_IP}
 * (Linkerd's rule; with {@code hostNetwork: true} only node names count, and
 * {@code NODE_NAME} is required). Ids become
 * {@code /%/io.l5d.k8s.localnode/<node name or pod ip><id>}.
 *
 * <pre>
 * interpreter:
 *   transformers:
 *   - kind: io.l5d.k8s.localnode
 *     # hostNetwork: false
 * </pre>
 */
public final class LocalnodeTransformerPlugin
    implements TransformerPlugin<LocalnodeTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.k8s.localnode";

  /** The parsed block. */
  public record Config(String kind, Path prefix, boolean hostNetwork) implements TransformerConfig {
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
    TransformerKeys.requireOnly(node, "hostNetwork");
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND)),
        node.bool("hostNetwork", false));
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    Map<String, String> env = ctx.namers().env();
    String nodeName = blankToNull(env.get("NODE_NAME"));
    String podIp = blankToNull(env.get("POD_IP"));
    if (config.hostNetwork() && nodeName == null) {
      throw new IllegalArgumentException(KIND + " with hostNetwork: the environment variable "
          + "NODE_NAME must hold the node's name (fieldRef spec.nodeName)");
    }
    if (nodeName == null && podIp == null) {
      throw new IllegalArgumentException(KIND + ": set the environment variable NODE_NAME "
          + "(fieldRef spec.nodeName) or POD_IP (fieldRef status.podIP)");
    }
    if (podIp != null && IpMatch.literal(podIp) == null) {
      throw new IllegalArgumentException(KIND + ": POD_IP '" + podIp + "' is not an IP address");
    }
    Predicate<Address> local = a -> isLocal(a, nodeName, config.hostNetwork() ? null : podIp);
    return Transformers.filter(config.idPrefix().append(nodeName != null ? nodeName : podIp), local);
  }

  static boolean isLocal(Address endpoint, String nodeName, String podIp) {
    String node = endpoint.meta().get("nodeName");
    if (node != null && nodeName != null) {
      return node.equals(nodeName);
    }
    return podIp != null && IpMatch.samePrefix(endpoint.host(), podIp, 24);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
