package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A router's access log, from Linkerd's keys: {@code httpAccessLog*} on an http router,
 * {@code h2AccessLog*} on an h2 router. One line per request, in Linkerd's format.
 *
 * <pre>
 * - protocol: http
 *   httpAccessLog: /var/log/hoplink/access.log   # or /dev/stdout, /dev/stderr
 *   httpAccessLogRollPolicy: daily                # never (default), hourly, weekly(n), sighup,
 *                                                 # or a size: 100.megabytes
 *   httpAccessLogAppend: true                     # false: truncated when first opened
 *   httpAccessLogRotateCount: 7                   # rolled files kept; -1 (default): all
 * </pre>
 *
 * @param path the file (relative to the working directory), or {@code /dev/stdout} or
 *     {@code /dev/stderr}, the process's own streams, which are never rolled
 */
public record AccessLogConfig(String path, RollPolicy rollPolicy, boolean append,
    int rotateCount) {
  /** The paths written to the process's streams rather than opened as files. */
  public static final Set<String> STREAMS = Set.of("/dev/stdout", "/dev/stderr");
  private static final List<String> SUFFIXES =
      List.of("AccessLog", "AccessLogRollPolicy", "AccessLogAppend", "AccessLogRotateCount");

  public AccessLogConfig {
    requireNonNull(path, "path");
    requireNonNull(rollPolicy, "rollPolicy");
    if (rotateCount < -1) {
      throw new IllegalArgumentException("rotateCount: " + rotateCount + " (expected: >= -1)");
    }
  }

  /** The four keys of {@code protocol} ({@code http} or {@code h2}), in Linkerd's order. */
  static List<String> keys(String protocol) {
    return SUFFIXES.stream().map(suffix -> protocol + suffix).toList();
  }

  /** Whether the log goes to the process's stdout or stderr. */
  public boolean stream() {
    return STREAMS.contains(path);
  }

  /** Reads the keys of {@code protocol} from a router block; absent without the path key. */
  static Optional<AccessLogConfig> parse(ConfigNode router, String protocol) {
    List<String> keys = keys(protocol);
    Optional<ConfigNode> file = router.get(keys.get(0));
    if (file.isEmpty()) {
      keys.subList(1, 4).forEach(key -> router.get(key).ifPresent(n ->
          n.warn("has no effect without " + keys.get(0))));
      return Optional.empty();
    }
    String path = file.get().asString();
    if (path.isBlank()) {
      throw file.get().error("'' is not a path (expected: a file, or /dev/stdout or /dev/stderr)");
    }
    RollPolicy roll = router.get(keys.get(1)).map(RollPolicy::parse).orElse(RollPolicy.NEVER);
    if (STREAMS.contains(path) && roll.kind() != RollPolicy.Kind.NEVER) {
      router.required(keys.get(1)).warn("has no effect on " + path + ": a stream is not rolled");
    }
    int rotateCount = router.get(keys.get(3)).map(n -> {
      long count = n.asLong();
      if (count < -1 || count > Integer.MAX_VALUE) {
        throw n.error(count + " (expected: -1 to keep every rolled file, or a count >= 0)");
      }
      return (int) count;
    }).orElse(-1);
    return Optional.of(new AccessLogConfig(path, roll, router.bool(keys.get(2), true),
        rotateCount));
  }

  /** The keys as Linkerd writes them, for {@code protocol}. */
  Map<String, Object> toPlain(String protocol) {
    List<String> keys = keys(protocol);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(keys.get(0), path);
    out.put(keys.get(1), rollPolicy.show());
    out.put(keys.get(2), append);
    out.put(keys.get(3), rotateCount);
    return out;
  }
}
