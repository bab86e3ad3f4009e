package io.hoplink.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code servers[]} block with the keys Linkerd 1.x knows for the router's protocol. */
final class ServerParser {
  private static final Set<String> COMMON = Set.of("port", "ip", "tls", "maxConcurrentRequests",
      "clearContext", "maxCallDepth", "serverSession", "requestHeadTimeoutMs", "requestBodyTimeoutMs",
      "maxConnections", "addForwardedHeader",
      "socketOptions", "announce");
  private static final Set<String> HTTP = Set.of("timestampHeader", "engine");
  private static final List<String> H2_ENDPOINT = List.of("maxConcurrentStreamsPerConnection",
      "initialStreamWindowBytes", "headerTableBytes", "maxFrameBytes", "maxHeaderListBytes",
      "windowUpdateRatio");
  private static final List<String> UNBUILT = List.of("socketOptions", "announce", "engine",
      "windowUpdateRatio");

  private ServerParser() {}

  static ServerConfig parse(ConfigNode node, Protocol protocol, String routerLabel) {
    Set<String> keys = new HashSet<>(COMMON);
    keys.addAll(protocol == Protocol.HTTP ? HTTP : Set.copyOf(H2_ENDPOINT));
    node.requireOnlyKeys(keys);
    Optional<ConfigNode> session = node.get("serverSession");
    session.ifPresent(s -> s.requireOnlyKeys(Set.of("idleTimeMs", "lifeTimeMs")));
    Optional<ServerTlsConfig> tls = node.get("tls").map(ServerTlsConfig::parse);
    Map<String, Object> unbuilt = UnbuiltKeys.take(node, UNBUILT);
    return new ServerConfig(
        IpLiteral.read(node, "ip", "127.0.0.1"),
        Bounds.integer(node, "port", protocol.defaultPort(), 0, 65535),
        Bounds.integer(node, "maxConcurrentRequests", 0, 0, Integer.MAX_VALUE),
        node.bool("clearContext", false),
        Bounds.integer(node, "maxCallDepth", protocol.defaultMaxCallDepth(), 1, Integer.MAX_VALUE),
        session.map(s -> s.millis("idleTimeMs", Duration.ofSeconds(60))).orElse(Duration.ofSeconds(60)),
        session.map(s -> s.millis("lifeTimeMs", Duration.ZERO)).orElse(Duration.ZERO),
        Bounds.positiveMillis(node, "requestHeadTimeoutMs", Duration.ofSeconds(10)),
        node.get("addForwardedHeader").map(n -> ForwardedConfig.parse(n, routerLabel)),
        node.get("timestampHeader").map(ConfigNode::asString).orElse(null),
        tls,
        protocol == Protocol.H2 ? Optional.of(H2ServerParams.parse(node)) : Optional.empty(),
        unbuilt,
        Bounds.integer(node, "maxConnections", 0, 0, Integer.MAX_VALUE),
        Bounds.positiveMillis(node, "requestBodyTimeoutMs", ServerConfig.REQUEST_BODY_TIMEOUT));
  }
}
