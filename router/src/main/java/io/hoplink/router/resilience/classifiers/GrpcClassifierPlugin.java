package io.hoplink.router.resilience.classifiers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The gRPC classifier kinds whose only key is {@code successStatusCodes} (default {@code [0]}):
 * {@code io.l5d.h2.grpc.default}, {@code compliant}, {@code alwaysRetryable} and
 * {@code neverRetryable}.
 */
public abstract class GrpcClassifierPlugin implements ClassifierPlugin<GrpcClassifierPlugin.Config> {
  static final List<Integer> OK_ONLY = List.of(0);
  static final int UNAVAILABLE = 14;

  /** @param successStatusCodes the gRPC codes that count as a success, sorted */
  public record Config(String kind, List<Integer> successStatusCodes) implements PluginConfig {
    public Config {
      requireNonNull(kind, "kind");
      successStatusCodes = List.copyOf(successStatusCodes);
    }
  }

  private final String kind;
  private final IntPredicate retryable;
  private final boolean compliant;

  GrpcClassifierPlugin(String kind, IntPredicate retryable, boolean compliant) {
    this.kind = kind;
    this.retryable = retryable;
    this.compliant = compliant;
  }

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public final Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "successStatusCodes"));
    return new Config(kind, GrpcStatusCodes.read(node, "successStatusCodes", OK_ONLY));
  }

  @Override
  public final ResponseClassifier newClassifier(Config config) {
    return new GrpcClassifier(Set.copyOf(config.successStatusCodes()), retryable, compliant, kind);
  }
}
