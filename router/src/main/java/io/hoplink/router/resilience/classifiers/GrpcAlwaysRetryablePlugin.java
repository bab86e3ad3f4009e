package io.hoplink.router.resilience.classifiers;

/**
 * gRPC: every status outside {@code successStatusCodes} is a retryable failure.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.grpc.alwaysRetryable
 *       successStatusCodes: [0]
 * </pre>
 */
public final class GrpcAlwaysRetryablePlugin extends GrpcClassifierPlugin {
  public static final String KIND = "io.l5d.h2.grpc.alwaysRetryable";

  public GrpcAlwaysRetryablePlugin() {
    super(KIND, code -> true, false);
  }
}
