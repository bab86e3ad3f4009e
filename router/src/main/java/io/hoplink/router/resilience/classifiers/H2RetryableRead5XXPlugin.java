package io.hoplink.router.resilience.classifiers;

/**
 * HTTP/2: 5XX responses and failed streams are failures, retryable for GET, HEAD, OPTIONS and
 * TRACE.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.retryableRead5XX
 * </pre>
 */
public final class H2RetryableRead5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.h2.retryableRead5XX";

  public H2RetryableRead5XXPlugin() {
    super(KIND, READ, false);
  }
}
