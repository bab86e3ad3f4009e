package io.hoplink.router.resilience.classifiers;

/**
 * 5XX responses and failed attempts are failures, retryable for GET, HEAD, OPTIONS and TRACE.
 *
 * <pre>
 * service:
 *   responseClassifier:
 *     kind: io.l5d.http.retryableRead5XX
 * </pre>
 */
public final class RetryableRead5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.http.retryableRead5XX";

  public RetryableRead5XXPlugin() {
    super(KIND, READ, false);
  }
}
