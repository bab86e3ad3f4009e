package io.hoplink.router.resilience.classifiers;

/**
 * HTTP/2: 5XX responses and failed streams are failures, retryable for the read methods, PUT and
 * DELETE.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.retryableIdempotent5XX
 * </pre>
 */
public final class H2RetryableIdempotent5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.h2.retryableIdempotent5XX";

  public H2RetryableIdempotent5XXPlugin() {
    super(KIND, IDEMPOTENT, false);
  }
}
