package io.hoplink.router.http;

/**
 * Router-level HTTP/1.1 limits (Linkerd's {@code maxHeadersKB}, {@code maxInitialLineKB},
 * {@code streamAfterContentLengthKB}).
 *
 * @param maxHeadersKB request headers larger than this are refused with 431
 * @param maxInitialLineKB a request line longer than this is refused with 414
 * @param streamAfterContentLengthKB a fixed-length body up to this size may be buffered (for
 *     retries); longer or chunked bodies are streamed
 */
public record HttpLimits(int maxHeadersKB, int maxInitialLineKB, int streamAfterContentLengthKB) {

  public HttpLimits {
    if (maxHeadersKB <= 0) {
      throw new IllegalArgumentException("maxHeadersKB: " + maxHeadersKB + " (expected: > 0)");
    }
    if (maxInitialLineKB <= 0) {
      throw new IllegalArgumentException(
          "maxInitialLineKB: " + maxInitialLineKB + " (expected: > 0)");
    }
    if (streamAfterContentLengthKB < 0) {
      throw new IllegalArgumentException(
          "streamAfterContentLengthKB: " + streamAfterContentLengthKB + " (expected: >= 0)");
    }
  }

  /** Linkerd's defaults: 8, 4 and 5 KB. */
  public static HttpLimits defaults() {
    return new HttpLimits(8, 4, 5);
  }
}
