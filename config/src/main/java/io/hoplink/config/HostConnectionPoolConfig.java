package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code client.hostConnectionPool}: connections kept per endpoint.
 *
 * <pre>
 * hostConnectionPool: {minSize: 0, maxSize: 1000, idleTimeMs: 10000, maxWaiters: 5000}
 * </pre>
 *
 * @param maxSize {@code Integer.MAX_VALUE} means unbounded
 * @param idleTime empty: an idle connection is kept forever
 * @param maxWaiters {@code Integer.MAX_VALUE} means unbounded
 */
public record HostConnectionPoolConfig(int minSize, int maxSize, Optional<Duration> idleTime, int maxWaiters)
    implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("minSize", "maxSize", "idleTimeMs", "maxWaiters");

  public HostConnectionPoolConfig {
    requireNonNull(idleTime, "idleTime");
  }

  public static HostConnectionPoolConfig defaults() {
    return new HostConnectionPoolConfig(0, Integer.MAX_VALUE, Optional.empty(), Integer.MAX_VALUE);
  }

  static HostConnectionPoolConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    int min = Bounds.integer(node, "minSize", 0, 0, Integer.MAX_VALUE);
    int max = Bounds.integer(node, "maxSize", Integer.MAX_VALUE, Math.max(1, min), Integer.MAX_VALUE);
    return new HostConnectionPoolConfig(min, max, Bounds.positiveMillis(node, "idleTimeMs"),
        Bounds.integer(node, "maxWaiters", Integer.MAX_VALUE, 0, Integer.MAX_VALUE));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("minSize", minSize);
    out.put("maxSize", maxSize);
    idleTime.ifPresent(d -> out.put("idleTimeMs", d.toMillis()));
    out.put("maxWaiters", maxWaiters);
    return out;
  }
}
