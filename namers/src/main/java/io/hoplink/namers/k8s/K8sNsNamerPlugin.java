package io.hoplink.namers.k8s;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;

/**
 * Linkerd's {@code io.l5d.k8s.ns}: {@code io.l5d.k8s} fixed to the namespace held by the
 * environment variable {@code envVar} (default {@code POD_NAMESPACE}), so names are
 * {@code /#/io.l5d.k8s.ns/<port>/<service>[/<label value>]}. Same keys as {@code io.l5d.k8s}.
 *
 * <pre>
 * namers:
 * - kind: io.l5d.k8s.ns
 *   envVar: POD_NAMESPACE
 * </pre>
 */
public final class K8sNsNamerPlugin implements NamerPlugin<K8sNamerConfig> {
  public static final String KIND = "io.l5d.k8s.ns";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public K8sNamerConfig parse(ConfigNode node) {
    return K8sNamerPlugin.parse(node, KIND, true);
  }

  @Override
  public Namer newNamer(K8sNamerConfig config, NamerContext ctx) {
    String variable = config.envVar().orElse("POD_NAMESPACE");
    String namespace = ctx.env().get(variable);
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("io.l5d.k8s.ns " + config.prefix().show()
          + ": the environment variable " + variable + " (envVar) holding the namespace is not set");
    }
    return new K8sNamer(config, namespace.trim(), K8sNamerPlugin.endpoints(config, ctx,
        K8sNamerPlugin.RECONNECT, K8sNamerPlugin.IDLE));
  }
}
