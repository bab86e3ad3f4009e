package io.hoplink.router.resilience.classifiers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.List;
import java.util.Set;

/**
 * gRPC: a status outside {@code successStatusCodes} is a failure, retryable when it is one of
 * {@code retryableStatusCodes} (required).
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.grpc.retryableStatusCodes
 *       retryableStatusCodes: [4, 14]
 *       successStatusCodes: [0]
 * </pre>
 */
public final class GrpcRetryableStatusCodesPlugin
    implements ClassifierPlugin<GrpcRetryableStatusCodesPlugin.Config> {
  public static final String KIND = "io.l5d.h2.grpc.retryableStatusCodes";

  public record Config(String kind, List<Integer> retryableStatusCodes,
      List<Integer> successStatusCodes) implements PluginConfig {
    public Config {
      requireNonNull(kind, "kind");
      retryableStatusCodes = List.copyOf(retryableStatusCodes);
      successStatusCodes = List.copyOf(successStatusCodes);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "retryableStatusCodes", "successStatusCodes"));
    node.required("retryableStatusCodes");
    return new Config(KIND, GrpcStatusCodes.read(node, "retryableStatusCodes", List.of()),
        GrpcStatusCodes.read(node, "successStatusCodes", GrpcClassifierPlugin.OK_ONLY));
  }

  @Override
  public ResponseClassifier newClassifier(Config config) {
    Set<Integer> retryable = Set.copyOf(config.retryableStatusCodes());
    return new GrpcClassifier(Set.copyOf(config.successStatusCodes()), retryable::contains, false,
        KIND);
  }
}
