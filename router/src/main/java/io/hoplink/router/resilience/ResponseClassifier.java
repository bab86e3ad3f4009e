package io.hoplink.router.resilience;

import java.util.function.Function;

/**
 * Decides whether a response is a success, a failure, or a failure worth retrying
 * ({@code service.responseClassifier}). Success and failure counts of services and clients,
 * failure accrual and retries all follow it.
 */
public interface ResponseClassifier {
  /** A response header that makes a failure retryable ({@code true}); sent back by the router. */
  String RETRYABLE_HEADER = "l5d-retryable";
  /** A response header with the success class ({@code 1.0} or {@code 0.0}). */
  String SUCCESS_CLASS_HEADER = "l5d-success-class";

  /**
   * A response to a request with {@code method} ({@code GET}, ...).
   *
   * @param header looks a response header up by name (case-insensitive); null when absent
   */
  ResponseClass classify(String method, int status, Function<String, String> header);

  /** No response came: the connection failed or was reset, or the attempt timed out. */
  ResponseClass classifyFailure(String method);

  /**
   * HTTP/2: the class of a response from its head alone, or null when only the end of the
   * stream can tell (a gRPC status that will come in the trailers). By default the head decides.
   */
  default ResponseClass classifyHead(String method, int status, Function<String, String> header) {
    return classify(method, status, header);
  }

  /**
   * HTTP/2: the class of a response whose stream has ended; {@code trailer} looks a trailer up
   * (null when absent, or when there were none). By default the head decides.
   */
  default ResponseClass classifyEnd(String method, int status, Function<String, String> header,
      Function<String, String> trailer) {
    return classify(method, status, header);
  }

  /** HTTP/2: the upstream reset the stream with error {@code code} before its response head. */
  default ResponseClass classifyReset(String method, long code) {
    return classifyFailure(method);
  }
}
