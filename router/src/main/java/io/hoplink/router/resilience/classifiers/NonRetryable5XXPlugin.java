package io.hoplink.router.resilience.classifiers;

import java.util.Set;

/**
 * 5XX responses and failed attempts are failures; none is retried (the default).
 *
 * <pre>
 * service:
 *   responseClassifier:
 *     kind: io.l5d.http.nonRetryable5XX
 * </pre>
 */
public final class NonRetryable5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.http.nonRetryable5XX";

  public NonRetryable5XXPlugin() {
    super(KIND, Set.of(), false);
  }
}
