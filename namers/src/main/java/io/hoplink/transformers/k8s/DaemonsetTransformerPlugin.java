package io.hoplink.transformers.k8s;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import io.hoplink.naming.Var;
import io.hoplink.namers.k8s.K8sEndpoints;
import io.hoplink.namers.k8s.KubeApi;
import io.hoplink.transformers.GatewayTransformer;
import io.hoplink.transformers.IpMatch;
import io.hoplink.transformers.NameTreeTransformer;
import io.hoplink.transformers.TransformerConfig;
import io.hoplink.transformers.TransformerContext;
import io.hoplink.transformers.TransformerKeys;
import io.hoplink.transformers.TransformerPlugin;
import java.time.Duration;
import java.util.Optional;

/**
 * Linkerd's {@code io.l5d.k8s.daemonset}: replaces each endpoint by the router pod of the
 * daemonset that runs on the endpoint's node, so an outgoing router sends to the incoming
 * router next to the destination. The router pods are the ready endpoints of {@code port} of
 * Service {@code service} in {@code namespace}, watched through the Kubernetes API
 * ({@code k8sHost}/{@code k8sPort} as the k8s namer's host/port; by default the pod's service
 * account). Endpoint and router pod match when their {@code nodeName}s are equal; when either
 * node name is unknown, Linkerd's rule applies: the same /24 (never with {@code hostNetwork},
 * where router pods have node addresses). Ids become
 * {@code /%/io.l5d.k8s.daemonset/<namespace>/<port>/<service><id>}.
 *
 * <pre>
 * interpreter:
 *   transformers:
 *   - kind: io.l5d.k8s.daemonset
 *     namespace: default
 *     port: incoming
 *     service: l5d
 *     # hostNetwork: false
 * </pre>
 */
public final class DaemonsetTransformerPlugin
    implements TransformerPlugin<DaemonsetTransformerPlugin.Config> {
  public static final String KIND = "io.l5d.k8s.daemonset";

  /** The parsed block. */
  public record Config(String kind, Path prefix, String namespace, String service, String port,
      boolean hostNetwork, Optional<String> k8sHost, Optional<Integer> k8sPort)
      implements TransformerConfig {
    public Config {
      requireNonNull(kind, "kind");
      requireNonNull(prefix, "prefix");
      requireNonNull(namespace, "namespace");
      requireNonNull(service, "service");
      requireNonNull(port, "port");
      requireNonNull(k8sHost, "k8sHost");
      requireNonNull(k8sPort, "k8sPort");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    TransformerKeys.requireOnly(node, "namespace", "service", "port", "hostNetwork", "k8sHost",
        "k8sPort");
    String namespace = segment(node.required("namespace"));
    String service = segment(node.required("service"));
    String port = segment(node.required("port"));
    Optional<Integer> k8sPort = node.get("k8sPort").map(p -> {
      int value = p.asInt();
      if (value < 1 || value > 65535) {
        throw p.error(value + " (expected: a port from 1 to 65535)");
      }
      return value;
    });
    return new Config(KIND, TransformerKeys.prefix(node, Path.of(KIND, namespace, port, service)),
        namespace, service, port, node.bool("hostNetwork", false),
        node.get("k8sHost").map(h -> segment(h)), k8sPort);
  }

  static String segment(ConfigNode node) {
    String value = node.asString();
    if (value.isBlank() || value.contains("/")) {
      throw node.error("'" + value + "' (expected: a Kubernetes name, not empty, without '/')");
    }
    return value;
  }

  @Override
  public NameTreeTransformer newTransformer(Config config, TransformerContext ctx) {
    KubeApi api = KubeApi.connect(config.k8sHost(), config.k8sPort(), ctx.namers(),
        Duration.ofSeconds(1));
    K8sEndpoints endpoints = K8sEndpoints.start(api, ctx.namers(), Duration.ofSeconds(60));
    Var<Addr> routers = endpoints.addr(config.idPrefix(), config.namespace(), config.port(),
        config.service());
    // Watched for as long as the transformer lives, whether or not a client observes it now.
    Subscription kept = routers.observe(ignored -> {});
    boolean hostNetwork = config.hostNetwork();
    return new GatewayTransformer(config.idPrefix(), routers,
        (endpoint, router) -> sameNode(endpoint, router, hostNetwork), () -> {
          kept.close();
          endpoints.close();
        });
  }

  static boolean sameNode(Address endpoint, Address router, boolean hostNetwork) {
    String a = endpoint.meta().get("nodeName");
    String b = router.meta().get("nodeName");
    if (a != null && b != null) {
      return a.equals(b);
    }
    return !hostNetwork && IpMatch.samePrefix(endpoint.host(), router.host(), 24);
  }
}
