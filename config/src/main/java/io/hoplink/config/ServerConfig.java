package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
 *   requestBodyTimeoutMs: 60000     # hoplink only
 * </pre>
 *
 * @param maxConcurrentRequests 0 means unlimited
 * @param idleTime a connection with no request in flight for this long is closed; zero: never
 * @param lifeTime a connection older than this is closed after its current request; zero: forever
 * @param requestHeadTimeout a request line and headers must arrive within this
 * @param tls present when the server should serve TLS (not built yet: it serves plaintext)
 * @param h2 the HTTP/2 settings of a server of an h2 router; empty for http routers
 * @param unbuilt Linkerd server keys accepted without effect yet, as written
 * @param maxConnections hoplink only: client connections the server keeps open at once; past it
 *     new ones are closed at once. 0: derived from the process's file-descriptor limit
 * @param requestBodyTimeout hoplink only: while a request's body is still coming and no response
 *     has begun, the longest pause between its bytes (time the router itself holds the body
 *     back does not count); past it the request is answered 408
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
    Optional<ForwardedConfig> addForwardedHeader,
    String timestampHeader,
    Optional<ServerTlsConfig> tls,
    Optional<H2ServerParams> h2,
    Map<String, Object> unbuilt,
    int maxConnections,
    Duration requestBodyTimeout) implements PlainRenderable {
  /** How long a request body may pause unless a server says otherwise (nginx's default too). */
  public static final Duration REQUEST_BODY_TIMEOUT = Duration.ofSeconds(60);

  public ServerConfig {
    requireNonNull(ip, "ip");
    requireNonNull(idleTime, "idleTime");
    requireNonNull(lifeTime, "lifeTime");
    requireNonNull(requestHeadTimeout, "requestHeadTimeout");
    requireNonNull(requestBodyTimeout, "requestBodyTimeout");
    requireNonNull(tls, "tls");
    requireNonNull(h2, "h2");
    requireNonNull(addForwardedHeader, "addForwardedHeader");
    unbuilt = UnbuiltKeys.frozen(unbuilt);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "maxConnections: " + maxConnections + " (expected: >= 0)");
    }
  }

  /** A server whose request bodies may pause {@link #REQUEST_BODY_TIMEOUT}. */
  public ServerConfig(String ip, int port, int maxConcurrentRequests, boolean clearContext,
      int maxCallDepth, Duration idleTime, Duration lifeTime, Duration requestHeadTimeout,
      boolean addForwardedHeader, String timestampHeader, Optional<ServerTlsConfig> tls,
      Optional<H2ServerParams> h2, Map<String, Object> unbuilt, int maxConnections) {
    this(ip, port, maxConcurrentRequests, clearContext, maxCallDepth, idleTime, lifeTime,
        requestHeadTimeout,
        addForwardedHeader ? Optional.of(ForwardedConfig.defaults()) : Optional.empty(),
        timestampHeader, tls, h2, unbuilt, maxConnections, REQUEST_BODY_TIMEOUT);
  }

  /** A server whose connection cap follows the file-descriptor limit. */
  public ServerConfig(String ip, int port, int maxConcurrentRequests, boolean clearContext,
      int maxCallDepth, Duration idleTime, Duration lifeTime, Duration requestHeadTimeout,
      boolean addForwardedHeader, String timestampHeader, Optional<ServerTlsConfig> tls,
      Optional<H2ServerParams> h2, Map<String, Object> unbuilt) {
    this(ip, port, maxConcurrentRequests, clearContext, maxCallDepth, idleTime, lifeTime,
        requestHeadTimeout, addForwardedHeader, timestampHeader, tls, h2, unbuilt, 0);
  }

  /** A server without TLS or unbuilt keys. */
  public ServerConfig(String ip, int port, int maxConcurrentRequests, boolean clearContext,
      int maxCallDepth, Duration idleTime, Duration lifeTime, Duration requestHeadTimeout,
      boolean addForwardedHeader, String timestampHeader) {
    this(ip, port, maxConcurrentRequests, clearContext, maxCallDepth, idleTime, lifeTime,
        requestHeadTimeout, addForwardedHeader, timestampHeader, Optional.empty(), Optional.empty(),
        Map.of());
  }

  /** Linkerd's defaults, with hoplink's bounded idle and head timeouts. */
  public static ServerConfig defaults(int port) {
    return new ServerConfig("127.0.0.1", port, 0, false, 1000, Duration.ofSeconds(60),
        Duration.ZERO, Duration.ofSeconds(10), false, null);
  }

  /** Parses one server block of a router of {@code protocol}. */
  public static ServerConfig parse(ConfigNode node, Protocol protocol, String routerLabel) {
    requireNonNull(node, "node");
    requireNonNull(protocol, "protocol");
    return ServerParser.parse(node, protocol, routerLabel);
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", ip);
    out.put("port", port);
    out.put("maxConcurrentRequests", maxConcurrentRequests);
    out.put("clearContext", clearContext);
    out.put("maxCallDepth", maxCallDepth);
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("idleTimeMs", idleTime.toMillis());
    session.put("lifeTimeMs", lifeTime.toMillis());
    out.put("serverSession", session);
    out.put("requestHeadTimeoutMs", requestHeadTimeout.toMillis());
    out.put("requestBodyTimeoutMs", requestBodyTimeout.toMillis());
    if (maxConnections > 0) {
      out.put("maxConnections", maxConnections);
    }
    if (timestampHeader != null) {
      out.put("timestampHeader", timestampHeader);
    }
    tls.ifPresent(t -> out.put("tls", t.toPlain()));
    h2.ifPresent(h -> out.putAll(h.toPlain()));
    out.putAll(unbuilt);
    addForwardedHeader.ifPresent(f -> out.put("addForwardedHeader", f.toPlain()));
    return out;
  }
}
