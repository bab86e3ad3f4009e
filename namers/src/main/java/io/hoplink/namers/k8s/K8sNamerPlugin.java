package io.hoplink.namers.k8s;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.KubeApiKeys;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.transformers.Transformers;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes service discovery, Linkerd's {@code io.l5d.k8s}: names
 * {@code /#/io.l5d.k8s/<namespace>/<port name or number>/<service>} bind to the Service's ready
 * endpoints, read from EndpointSlices (v1 Endpoints where slices are not served) and kept
 * current by watches. A port name is a Service port name; a number is a Service port. With
 * {@code labelSelector: version}, names carry a fourth segment, the label's value
 * ({@code /default/http/world/v2}), and only endpoints objects labelled
 * {@code version=v2} count. Each endpoint carries its {@code nodeName} for the transformers.
 *
 * <pre>
 * namers:
 * - kind: io.l5d.k8s
 *   # host: localhost   # with host or port: plain HTTP, e.g. kubectl proxy (port 8001)
 *   # port: 8001        # with neither: the pod's service account, when in a pod
 *   # labelSelector: version
 * routers:
 * - protocol: http
 *   dtab: /svc => /#/io.l5d.k8s/default/http;
 * </pre>
 */
public final class K8sNamerPlugin implements NamerPlugin<K8sNamerConfig> {
  public static final String KIND = "io.l5d.k8s";
  static final Duration RECONNECT = Duration.ofSeconds(1);
  static final Duration IDLE = Duration.ofSeconds(60);

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public K8sNamerConfig parse(ConfigNode node) {
    return parse(node, KIND, false);
  }

  static K8sNamerConfig parse(ConfigNode node, String kind, boolean withEnvVar) {
    Set<String> keys = new HashSet<>(NamerConfig.COMMON_KEYS);
    keys.addAll(Set.of("host", "port", "labelSelector"));
    if (withEnvVar) {
      keys.add("envVar");
    }
    node.requireOnlyKeys(keys);
    Path prefix = NamerConfig.parseCommon(node, kind);
    Optional<Integer> port = KubeApiKeys.port(node);
    Optional<String> host = KubeApiKeys.host(node);
    Optional<String> label = node.get("labelSelector")
        .map(l -> KubeApiKeys.nonEmpty(l, "a label name"));
    Optional<String> envVar = withEnvVar
        ? Optional.of(node.get("envVar").map(e -> KubeApiKeys.nonEmpty(e, "a variable name"))
            .orElse("POD_NAMESPACE"))
        : Optional.empty();
    return new K8sNamerConfig(kind, prefix, host, port, label, envVar,
        Transformers.parseNamerTransformers(node));
  }

  @Override
  public Namer newNamer(K8sNamerConfig config, NamerContext ctx) {
    return new K8sNamer(config, null, endpoints(config, ctx, RECONNECT, IDLE));
  }

  static K8sEndpoints endpoints(K8sNamerConfig config, NamerContext ctx, Duration reconnect,
      Duration idle) {
    return K8sEndpoints.start(KubeApi.connect(config.host(), config.port(), ctx, reconnect), ctx, idle);
  }
}
