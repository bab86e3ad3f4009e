package io.hoplink.router.resilience.classifiers;

import java.util.Set;

/**
 * HTTP/2: 5XX responses and failed streams are failures; none is retried (the h2 default, as in
 * Linkerd). A gRPC error answered with HTTP 200 counts as a success: use a gRPC classifier for gRPC.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.nonRetryable5XX
 * </pre>
 */
public final class H2NonRetryable5XXPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.h2.nonRetryable5XX";

  public H2NonRetryable5XXPlugin() {
    super(KIND, Set.of(), false);
  }
}
