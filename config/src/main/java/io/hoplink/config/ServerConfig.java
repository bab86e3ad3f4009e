package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One {@code routers[].servers[]} block.
 *
 * <pre>
 * servers:
 * - port: 4140
 *   ip: 0.0.0.0
 *   maxConcurrentRequests: 1000
 *   clearContext: true
 *   maxCallDepth: 1000
 *   serverSession: {idleTimeMs: 60000, lifeTimeMs: 3600000}
 *   requestHeadTimeoutMs: 10000     # hoplink only
 * </pre>
 *
 * @param maxConcurrentRequests 0 means unlimited
 * @param idleTime a connection with no request in flight for this long is closed
 * @param lifeTime a connection older than this is closed after its current request; zero: forever
 * @param requestHeadTimeout a request line and headers must arrive within this
 */
public record ServerConfig(
    String ip,
    int port,
    int maxConcurrentRequests,
    boolean clearContext,
    int maxCallDepth,
    Duration idleTime,
    Duration lifeTime,
    Duration requestHeadTimeout,
    boolean addForwardedHeader,
    String timestampHeader) {

  public ServerConfig {
    requireNonNull(ip, "ip");
    requireNonNull(idleTime, "idleTime");
    requireNonNull(lifeTime, "lifeTime");
    requireNonNull(requestHeadTimeout, "requestHeadTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
  }

  /** Linkerd's defaults, with hoplink's bounded idle and head timeouts. */
  public static ServerConfig defaults(int port) {
    return new ServerConfig("127.0.0.1", port, 0, false, 1000, Duration.ofSeconds(60),
        Duration.ZERO, Duration.ofSeconds(10), false, null);
  }
}
