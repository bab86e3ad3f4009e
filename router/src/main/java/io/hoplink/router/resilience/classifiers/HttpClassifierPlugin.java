package io.hoplink.router.resilience.classifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.Set;

/**
 * The HTTP classifier kinds, {@code io.l5d.http.*} and their HTTP/2 twins {@code io.l5d.h2.*}: no
 * keys but {@code kind}.
 */
public abstract class HttpClassifierPlugin implements ClassifierPlugin<HttpClassifierPlugin.Config> {
  static final Set<String> READ = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
  static final Set<String> ALL = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "POST",
      "PATCH");

  public record Config(String kind) implements PluginConfig {}

  private final String kind;
  private final Set<String> retryable;
  private final boolean allSuccessful;

  HttpClassifierPlugin(String kind, Set<String> retryable, boolean allSuccessful) {
    this.kind = kind;
    this.retryable = retryable;
    this.allSuccessful = allSuccessful;
  }

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public final Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind"));
    return new Config(kind);
  }

  @Override
  public final ResponseClassifier newClassifier(Config config) {
    return new Http5xxClassifier(retryable, allSuccessful);
  }
}
