package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code backoff} block (retries, failure accrual): how long to wait between attempts.
 *
 * <pre>
 * backoff: {kind: jittered, minMs: 10, maxMs: 10000}   # decorrelated jitter
 * backoff: {kind: constant, ms: 100}
 * </pre>
 */
public sealed interface BackoffConfig extends PlainRenderable {

  record Constant(Duration delay) implements BackoffConfig {
    public Constant {
      requireNonNull(delay, "delay");
    }

    @Override
    public Map<String, Object> toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("kind", "constant");
      out.put("ms", delay.toMillis());
      return out;
    }
  }

  record Jittered(Duration min, Duration max) implements BackoffConfig {
    public Jittered {
      requireNonNull(min, "min");
      requireNonNull(max, "max");
    }

    @Override
    public Map<String, Object> toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("kind", "jittered");
      out.put("minMs", min.toMillis());
      out.put("maxMs", max.toMillis());
      return out;
    }
  }

  /** Parses a {@code backoff} block; an unknown kind or bad bounds fail with the YAML path. */
  public static BackoffConfig parse(ConfigNode node) {
    String kind = node.required("kind").asString();
    ConfigNode n = node.withKind(kind);
    switch (kind) {
      case "constant" -> {
        n.requireOnlyKeys(Set.of("kind", "ms"));
        return new Constant(n.millis("ms", Duration.ZERO));
      }
      case "jittered" -> {
        n.requireOnlyKeys(Set.of("kind", "minMs", "maxMs"));
        n.required("minMs");
        Duration min = Bounds.positiveMillis(n, "minMs").orElseThrow();
        ConfigNode maxNode = n.required("maxMs");
        Duration max = n.millis("maxMs", min);
        if (max.compareTo(min) < 0) {
          throw maxNode.error(max.toMillis() + " (expected: >= minMs " + min.toMillis() + ")");
        }
        return new Jittered(min, max);
      }
      default -> throw node.required("kind").error("unknown backoff kind '" + kind
          + "' (known kinds: constant, jittered)");
    }
  }
}
