package io.hoplink.router.resilience.classifiers;

/**
 * 5XX responses and failed attempts are failures, retryable for the read methods, PUT and DELETE.
 *
 * <pre>
 * service:
 *   responseClassifier:
 *     kind: io.l5d.http.retryableIdempotent5XX
 * </pre>
 */
public final class RetryableIdempotent5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.http.retryableIdempotent5XX";

  public RetryableIdempotent5XXPlugin() {
    super(KIND, IDEMPOTENT, false);
  }
}
