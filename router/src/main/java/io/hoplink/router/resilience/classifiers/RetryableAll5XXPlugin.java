package io.hoplink.router.resilience.classifiers;

/**
 * 5XX responses and failed attempts are failures, retryable for every method, POST and PATCH included.
 *
 * <pre>
 * service:
 *   responseClassifier:
 *     kind: io.l5d.http.retryableAll5XX
 * </pre>
 */
public final class RetryableAll5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.http.retryableAll5XX";

  public RetryableAll5XXPlugin() {
    super(KIND, ALL, false);
  }
}
