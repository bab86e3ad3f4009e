package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.KubeApiKeys;
import io.hoplink.config.PluginConfig;
import io.hoplink.namers.k8s.IngressRules;
import io.hoplink.namers.k8s.IngressWatch;
import io.hoplink.namers.k8s.KubeApi;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Linkerd's {@code io.l5d.ingress}: names a request by the Kubernetes Ingress rule its host and
 * path match, as {@code <dstPrefix>/<namespace>/<service port>/<service>} (route it with
 * {@code /svc => /#/io.l5d.k8s}). Ingresses of every namespace, or of {@code namespace}, are
 * watched through the API ({@code host}/{@code port} as the k8s namer's: plain HTTP to a
 * {@code kubectl proxy}, else the pod's service account); those whose class is another
 * controller's are left out. See {@link IngressRules} for the matching.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.ingress
 *   namespace: default              # optional: every namespace
 *   ingressClassAnnotation: linkerd # the class served (annotation or spec.ingressClassName)
 *   ignoreDefaultBackends: false
 *   # host: localhost, port: 8001   # optional, as the io.l5d.k8s namer's
 * </pre>
 */
public final class IngressIdentifierPlugin
    implements IdentifierPlugin<IngressIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.ingress";
  private static final Duration RECONNECT = Duration.ofSeconds(1);

  public record Config(String kind, Optional<String> host, Optional<Integer> port,
      Optional<String> namespace, String ingressClassAnnotation, boolean ignoreDefaultBackends)
      implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "host", "port", "namespace", "ingressClassAnnotation",
        "ignoreDefaultBackends"));
    return new Config(KIND, KubeApiKeys.host(node), KubeApiKeys.port(node),
        node.get("namespace").map(n -> KubeApiKeys.nonEmpty(n, "a namespace")),
        node.get("ingressClassAnnotation").map(c -> KubeApiKeys.nonEmpty(c, "an ingress class"))
            .orElse("linkerd"),
        node.bool("ignoreDefaultBackends", false));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    return newIdentifier(config, dstPrefix, NamerContext.system());
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix, NamerContext ctx) {
    IngressWatch watch = IngressWatch.start(
        KubeApi.connect(config.host(), config.port(), ctx, RECONNECT), config.namespace(),
        config.ingressClassAnnotation(), config.ignoreDefaultBackends());
    return new Identifier() {
      @Override
      public Identification identify(RequestHead request) {
        Optional<IngressRules> rules = watch.rules();
        if (rules.isEmpty()) {
          return new Identification.Unavailable("the Ingresses are not listed yet from "
              + watch.api());
        }
        String host = request.headers().get("host");
        if (host == null) {
          host = request.headers().get(":authority");
        }
        Optional<IngressRules.Backend> backend = rules.get().match(host, request.path());
        if (backend.isEmpty()) {
          return new Identification.Unidentified("no ingress rule matches");
        }
        IngressRules.Backend b = backend.get();
        try {
          return new Identification.Identified(
              dstPrefix.append(b.namespace()).append(b.port()).append(b.service()), request.uri());
        } catch (IllegalArgumentException e) { // the API validates names; a bad one is no route
          return new Identification.Unidentified("the matching ingress backend " + b
              + " is not a name: " + e.getMessage());
        }
      }

      @Override
      public void close() {
        watch.close();
      }
    };
  }
}
