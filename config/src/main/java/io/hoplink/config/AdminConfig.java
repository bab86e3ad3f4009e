package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level {@code admin} block.
 *
 * <pre>
 * admin:
 *   ip: 127.0.0.1
 *   port: 9990
 *   shutdownGraceMs: 10000
 *   security: {controlEnabled: false}
 * </pre>
 *
 * @param shutdownGrace how long in-flight requests may take to finish on shutdown
 * @param tls empty: the admin port serves plaintext
 * @param unbuilt Linkerd admin keys accepted without effect yet (socketOptions,
 *     httpIdentifierPort, workerThreads), as written
 */
public record AdminConfig(
    String ip,
    int port,
    Duration shutdownGrace,
    AdminSecurityConfig security,
    Optional<ServerTlsConfig> tls,
    Map<String, Object> unbuilt) implements PlainRenderable {

  private static final List<String> UNBUILT = List.of("socketOptions", "httpIdentifierPort", "workerThreads");
  private static final Set<String> KEYS = Set.of("ip", "port", "shutdownGraceMs", "security", "tls",
      "socketOptions", "httpIdentifierPort", "workerThreads");

  public AdminConfig {
    requireNonNull(ip, "ip");
    requireNonNull(shutdownGrace, "shutdownGrace");
    requireNonNull(security, "security");
    requireNonNull(tls, "tls");
    unbuilt = UnbuiltKeys.frozen(unbuilt);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
  }

  /** Linkerd's defaults: loopback, port 9990, 10 s grace, every endpoint enabled. */
  public static AdminConfig defaults() {
    return new AdminConfig("127.0.0.1", 9990, Duration.ofSeconds(10), AdminSecurityConfig.defaults(),
        Optional.empty(), Map.of());
  }

  static AdminConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    return new AdminConfig(
        IpLiteral.read(node, "ip", "127.0.0.1"),
        Bounds.integer(node, "port", 9990, 0, 65535),
        node.millis("shutdownGraceMs", Duration.ofSeconds(10)),
        node.get("security").map(AdminSecurityConfig::parse).orElse(AdminSecurityConfig.defaults()),
        node.get("tls").map(ServerTlsConfig::parse),
        UnbuiltKeys.take(node, UNBUILT));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", ip);
    out.put("port", port);
    out.put("shutdownGraceMs", shutdownGrace.toMillis());
    out.put("security", security.toPlain());
    tls.ifPresent(t -> out.put("tls", t.toPlain()));
    out.putAll(unbuilt);
    return out;
  }
}
