package io.hoplink.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router-level HTTP/1.1 codec keys of an http router.
 *
 * <pre>
 * - protocol: http
 *   maxHeadersKB: 8
 *   maxInitialLineKB: 4
 *   streamAfterContentLengthKB: 5     # a longer fixed-length body is streamed, not buffered
 * </pre>
 *
 * @param maxRequestKB Linkerd before 1.6; with streaming it only bounds buffered bodies
 * @param compressionLevel -1: automatic; 0 to 9 (not built yet)
 */
public record HttpOptions(
    int maxHeadersKB,
    int maxInitialLineKB,
    int maxChunkKB,
    int maxRequestKB,
    int maxResponseKB,
    boolean streamingEnabled,
    int streamAfterContentLengthKB,
    int compressionLevel) implements PlainRenderable {

  public static HttpOptions defaults() {
    return new HttpOptions(8, 4, 8, 5120, 5120, true, 5, -1);
  }

  /** Reads the HTTP keys of a router block; the caller has checked the key names. */
  static HttpOptions parse(ConfigNode router) {
    HttpOptions d = defaults();
    boolean streaming = router.bool("streamingEnabled", true);
    if (!streaming) {
      router.get("streamAfterContentLengthKB").ifPresent(n -> {
        throw n.error("conflicts with streamingEnabled: false (streaming off buffers every body)");
      });
      router.required("streamingEnabled").warn("accepted but not built yet: hoplink always streams bodies");
    }
    return new HttpOptions(
        kb(router, "maxHeadersKB", d.maxHeadersKB()),
        kb(router, "maxInitialLineKB", d.maxInitialLineKB()),
        kb(router, "maxChunkKB", d.maxChunkKB()),
        warnUnlessDefault(router, "maxRequestKB", d.maxRequestKB()),
        warnUnlessDefault(router, "maxResponseKB", d.maxResponseKB()),
        streaming,
        Bounds.integer(router, "streamAfterContentLengthKB", d.streamAfterContentLengthKB(), 0, Integer.MAX_VALUE),
        router.get("compressionLevel").map(n -> UnbuiltKeys.unlessDefault(n,
            Bounds.integer(router, "compressionLevel", -1, -1, 9), -1)).orElse(-1));
  }

  private static int kb(ConfigNode router, String key, int fallback) {
    return Bounds.integer(router, key, fallback, 1, Integer.MAX_VALUE);
  }

  private static int warnUnlessDefault(ConfigNode router, String key, int fallback) {
    return router.get(key).map(n -> UnbuiltKeys.unlessDefault(n, kb(router, key, fallback), fallback))
        .orElse(fallback);
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("maxHeadersKB", maxHeadersKB);
    out.put("maxInitialLineKB", maxInitialLineKB);
    out.put("maxChunkKB", maxChunkKB);
    out.put("maxRequestKB", maxRequestKB);
    out.put("maxResponseKB", maxResponseKB);
    out.put("streamingEnabled", streamingEnabled);
    if (streamingEnabled) {
      out.put("streamAfterContentLengthKB", streamAfterContentLengthKB);
    }
    out.put("compressionLevel", compressionLevel);
    return out;
  }
}
