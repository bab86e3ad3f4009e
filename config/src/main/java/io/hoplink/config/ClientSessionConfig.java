package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code client.clientSession}: when an established client connection is closed.
 *
 * <pre>
 * clientSession: {idleTimeMs: 30000, lifeTimeMs: 600000}
 * </pre>
 *
 * @param idleTime empty: forever
 * @param lifeTime empty: forever
 */
public record ClientSessionConfig(Optional<Duration> idleTime, Optional<Duration> lifeTime)
    implements PlainRenderable {

  public ClientSessionConfig {
    requireNonNull(idleTime, "idleTime");
    requireNonNull(lifeTime, "lifeTime");
  }

  public static ClientSessionConfig defaults() {
    return new ClientSessionConfig(Optional.empty(), Optional.empty());
  }

  static ClientSessionConfig parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("idleTimeMs", "lifeTimeMs"));
    return new ClientSessionConfig(Bounds.positiveMillis(node, "idleTimeMs"),
        Bounds.positiveMillis(node, "lifeTimeMs"));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    idleTime.ifPresent(d -> out.put("idleTimeMs", d.toMillis()));
    lifeTime.ifPresent(d -> out.put("lifeTimeMs", d.toMillis()));
    return out;
  }
}
