package io.hoplink.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP/2 settings an h2 server announces, from its {@code servers[]} block.
 *
 * <pre>
 * - protocol: h2
 *   servers:
 *   - port: 4142
 *     maxConcurrentStreamsPerConnection: 1000
 *     initialStreamWindowBytes: 65535
 *     maxHeaderListBytes: 8192
 *     headerTableBytes: 4096
 *     maxFrameBytes: 16384
 * </pre>
 *
 * @param maxConcurrentStreamsPerConnection SETTINGS_MAX_CONCURRENT_STREAMS; more are refused
 * @param initialStreamWindowBytes SETTINGS_INITIAL_WINDOW_SIZE: request bytes a stream may send
 *     before the router has passed them on
 * @param maxHeaderListBytes SETTINGS_MAX_HEADER_LIST_SIZE; a larger header list is refused
 * @param headerTableBytes SETTINGS_HEADER_TABLE_SIZE (HPACK)
 * @param maxFrameBytes SETTINGS_MAX_FRAME_SIZE
 */
public record H2ServerParams(
    int maxConcurrentStreamsPerConnection,
    int initialStreamWindowBytes,
    int maxHeaderListBytes,
    int headerTableBytes,
    int maxFrameBytes) implements PlainRenderable {

  private static final int MAX_WINDOW = Integer.MAX_VALUE;
  private static final int MIN_FRAME = 16_384;
  private static final int MAX_FRAME = 16_777_215;

  public H2ServerParams {
    check("maxConcurrentStreamsPerConnection", maxConcurrentStreamsPerConnection, 1, MAX_WINDOW);
    check("initialStreamWindowBytes", initialStreamWindowBytes, 1, MAX_WINDOW);
    check("maxHeaderListBytes", maxHeaderListBytes, 1, MAX_WINDOW);
    check("headerTableBytes", headerTableBytes, 0, MAX_WINDOW);
    check("maxFrameBytes", maxFrameBytes, MIN_FRAME, MAX_FRAME);
  }

  /** 1000 streams, 64 KiB windows (the HTTP/2 default, 65535), 8 KiB header lists. */
  public static H2ServerParams defaults() {
    return new H2ServerParams(1000, 65_535, 8192, 4096, MIN_FRAME);
  }

  /** Reads the h2 keys of a server block; the caller has checked the key names. */
  static H2ServerParams parse(ConfigNode server) {
    H2ServerParams d = defaults();
    return new H2ServerParams(
        Bounds.integer(server, "maxConcurrentStreamsPerConnection",
            d.maxConcurrentStreamsPerConnection(), 1, MAX_WINDOW),
        Bounds.integer(server, "initialStreamWindowBytes", d.initialStreamWindowBytes(), 1, MAX_WINDOW),
        Bounds.integer(server, "maxHeaderListBytes", d.maxHeaderListBytes(), 1, MAX_WINDOW),
        Bounds.integer(server, "headerTableBytes", d.headerTableBytes(), 0, MAX_WINDOW),
        Bounds.integer(server, "maxFrameBytes", d.maxFrameBytes(), MIN_FRAME, MAX_FRAME));
  }

  private static void check(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + " to " + max + ")");
    }
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("maxConcurrentStreamsPerConnection", maxConcurrentStreamsPerConnection);
    out.put("initialStreamWindowBytes", initialStreamWindowBytes);
    out.put("maxHeaderListBytes", maxHeaderListBytes);
    out.put("headerTableBytes", headerTableBytes);
    out.put("maxFrameBytes", maxFrameBytes);
    return out;
  }
}
