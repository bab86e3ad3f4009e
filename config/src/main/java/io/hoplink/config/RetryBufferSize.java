package io.hoplink.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code service.retryBufferSize} (h2): how much of a request and a response stream is kept so
 * that the request can be retried.
 *
 * <pre>
 * retryBufferSize: {requestBytes: 16383, responseBytes: 16383}
 * </pre>
 */
public record RetryBufferSize(long requestBytes, long responseBytes) implements PlainRenderable {

  public static RetryBufferSize defaults() {
    return new RetryBufferSize(16383, 16383);
  }

  static RetryBufferSize parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("requestBytes", "responseBytes"));
    return new RetryBufferSize(Bounds.integer(node, "requestBytes", 16383, 0, Integer.MAX_VALUE),
        Bounds.integer(node, "responseBytes", 16383, 0, Integer.MAX_VALUE));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestBytes", requestBytes);
    out.put("responseBytes", responseBytes);
    return out;
  }
}
