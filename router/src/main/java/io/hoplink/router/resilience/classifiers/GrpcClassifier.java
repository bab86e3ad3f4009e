package io.hoplink.router.resilience.classifiers;

import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Linkerd's gRPC classifiers: a call is judged by its {@code grpc-status} (in the trailers, or in
 * the head of a trailers-only response): a code in {@code successStatusCodes} is a success, any
 * other a failure, retryable when {@code retryable} says so. A 4XX or 5XX response without a
 * gRPC status is a failure, and so is a stream that ended without one. The compliant kind also
 * retries HTTP 429, 502, 503 and 504 and streams refused with REFUSED_STREAM, as the gRPC
 * protocol asks.
 */
final class GrpcClassifier implements ResponseClassifier {
  static final String STATUS = "grpc-status";
  private static final int UNKNOWN = 2;
  private static final long REFUSED_STREAM = 7;
  private static final Set<Integer> RETRYABLE_HTTP = Set.of(429, 502, 503, 504);

  private final Set<Integer> success;
  private final IntPredicate retryable;
  private final boolean compliant;
  private final String name;

  GrpcClassifier(Set<Integer> success, IntPredicate retryable, boolean compliant, String name) {
    this.success = Set.copyOf(success);
    this.retryable = retryable;
    this.compliant = compliant;
    this.name = name;
  }

  @Override
  public ResponseClass classify(String method, int status, Function<String, String> header) {
    return classifyEnd(method, status, header, key -> null);
  }

  @Override
  public ResponseClass classifyHead(String method, int status, Function<String, String> header) {
    String grpc = header.apply(STATUS);
    if (grpc != null) {
      return ofGrpc(grpc);
    }
    return status >= 400 ? ofHttp(status) : null; // the status comes in the trailers
  }

  @Override
  public ResponseClass classifyEnd(String method, int status, Function<String, String> header,
      Function<String, String> trailer) {
    String grpc = trailer.apply(STATUS);
    if (grpc == null) {
      grpc = header.apply(STATUS);
    }
    if (grpc != null) {
      return ofGrpc(grpc);
    }
    return status >= 400 ? ofHttp(status) : ResponseClass.FAILURE;
  }

  @Override
  public ResponseClass classifyFailure(String method) {
    return ResponseClass.FAILURE;
  }

  @Override
  public ResponseClass classifyReset(String method, long code) {
    return compliant && code == REFUSED_STREAM
        ? ResponseClass.RETRYABLE_FAILURE : ResponseClass.FAILURE;
  }

  private ResponseClass ofGrpc(String value) {
    int code;
    try {
      code = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      code = UNKNOWN;
    }
    if (success.contains(code)) {
      return ResponseClass.SUCCESS;
    }
    return retryable.test(code) ? ResponseClass.RETRYABLE_FAILURE : ResponseClass.FAILURE;
  }

  private ResponseClass ofHttp(int status) {
    return compliant && RETRYABLE_HTTP.contains(status)
        ? ResponseClass.RETRYABLE_FAILURE : ResponseClass.FAILURE;
  }

  @Override
  public String toString() {
    return name + " (success: " + success + ")";
  }
}
