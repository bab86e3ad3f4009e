package io.hoplink.router.resilience.classifiers;

/**
 * gRPC as the protocol specifies retries: UNAVAILABLE (14), HTTP 429, 502, 503 and 504 without
 * a gRPC status, and streams refused with REFUSED_STREAM are retryable; other failures are not.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.grpc.compliant
 *       successStatusCodes: [0]
 * </pre>
 */
public final class GrpcCompliantPlugin extends GrpcClassifierPlugin {
  public static final String KIND = "io.l5d.h2.grpc.compliant";

  public GrpcCompliantPlugin() {
    super(KIND, code -> code == UNAVAILABLE, true);
  }
}
