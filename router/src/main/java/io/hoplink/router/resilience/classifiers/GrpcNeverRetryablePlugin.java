package io.hoplink.router.resilience.classifiers;

/**
 * gRPC: every status outside {@code successStatusCodes} is a failure; none is retried.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.grpc.neverRetryable
 *       successStatusCodes: [0]
 * </pre>
 */
public final class GrpcNeverRetryablePlugin extends GrpcClassifierPlugin {
  public static final String KIND = "io.l5d.h2.grpc.neverRetryable";

  public GrpcNeverRetryablePlugin() {
    super(KIND, code -> false, false);
  }
}
