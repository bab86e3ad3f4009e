package io.hoplink.router.resilience.classifiers;

/**
 * gRPC: a status outside {@code successStatusCodes} is a failure; UNAVAILABLE (14) is retryable.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.grpc.default
 *       successStatusCodes: [0]
 * </pre>
 */
public final class GrpcDefaultPlugin extends GrpcClassifierPlugin {
  public static final String KIND = "io.l5d.h2.grpc.default";

  public GrpcDefaultPlugin() {
    super(KIND, code -> code == UNAVAILABLE, false);
  }
}
