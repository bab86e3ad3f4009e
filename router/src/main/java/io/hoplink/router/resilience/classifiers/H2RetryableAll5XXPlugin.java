package io.hoplink.router.resilience.classifiers;

/**
 * HTTP/2: 5XX responses and failed streams are failures, retryable for every method, POST and
 * PATCH included.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.retryableAll5XX
 * </pre>
 */
public final class H2RetryableAll5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.h2.retryableAll5XX";

  public H2RetryableAll5XXPlugin() {
    super(KIND, ALL, false);
  }
}
