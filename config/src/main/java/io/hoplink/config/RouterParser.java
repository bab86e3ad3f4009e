package io.hoplink.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a {@code routers[]} block with the keys Linkerd 1.x documents for its protocol. */
final class RouterParser {
  private static final Set<String> COMMON = Set.of("protocol", "label", "servers", "dtab", "dstPrefix",
      "identifier", "interpreter", "bindingTimeoutMs", "bindingCache", "client", "service",
      "originator", "allowRequestDtabAddresses", "announcers", "responseClassifier", "experimental", "tracePropagator", "loggers");
  private static final Set<String> HTTP = Set.of("httpAccessLog", "httpAccessLogRollPolicy",
      "httpAccessLogAppend", "httpAccessLogRotateCount", "maxHeadersKB", "maxInitialLineKB",
      "maxChunkKB", "maxRequestKB", "maxResponseKB", "maxErrResponseKB", "streamingEnabled",
      "streamAfterContentLengthKB", "compressionLevel");
  private static final Set<String> H2 = Set.of("h2AccessLog", "h2AccessLogRollPolicy",
      "h2AccessLogAppend", "h2AccessLogRotateCount");
  private static final List<String> UNBUILT = List.of("announcers", "experimental",
      "loggers", "maxErrResponseKB");

  private RouterParser() {}

  static RouterConfig parse(ConfigNode node, Plugins plugins) {
    Protocol protocol = Protocol.parse(node.required("protocol"));
    Set<String> keys = new HashSet<>(COMMON);
    keys.addAll(protocol == Protocol.HTTP ? HTTP : H2);
    node.requireOnlyKeys(keys);

    Map<String, Object> unbuilt = UnbuiltKeys.take(node, UNBUILT);
    node.get("responseClassifier").ifPresent(n -> {
      n.warn("has no effect here since Linkerd 1.1; set service.responseClassifier instead");
      unbuilt.put("responseClassifier", n.toPlain());
    });
    return new RouterConfig(
        protocol,
        label(node, protocol),
        node.get("dtab").map(n -> Located.at(n, n.asString())).orElse(Located.at(node, "")),
        dstPrefix(node),
        identifiers(node, protocol, plugins),
        servers(node, protocol, label(node, protocol)),
        ClientPolicyParser.parse(node.get("client"), node, protocol, plugins),
        ServicePolicyParser.parse(node.get("service"), node, protocol, plugins),
        node.get("interpreter").map(n -> InterpreterConfig.parse(n, plugins)).orElse(InterpreterConfig.defaults()),
        Bounds.positiveMillis(node, "bindingTimeoutMs", Duration.ofSeconds(10)),
        node.get("bindingCache").map(BindingCacheConfig::parse).orElse(BindingCacheConfig.defaults()),
        node.get("originator").map(n -> UnbuiltKeys.unlessDefault(n, n.asBoolean(), false)).orElse(false),
        node.get("allowRequestDtabAddresses").map(ConfigNode::asBoolean).orElse(false),
        tracePropagator(node, plugins),
        protocol == Protocol.HTTP ? HttpOptions.parse(node) : HttpOptions.defaults(),
        AccessLogConfig.parse(node, accessLogKeys(protocol)),
        unbuilt);
  }

  /** Linkerd's default, {@code io.l5d.default}, when the router names none. */
  private static PluginConfig tracePropagator(ConfigNode node, Plugins plugins) {
    return node.get("tracePropagator")
        .map(n -> plugins.parse("tracePropagator", n, "io.l5d.default"))
        .orElseGet(() -> plugins.parseDefault("tracePropagator", node, "tracePropagator",
            PlainValues.map("kind", "io.l5d.default")));
  }

  /** {@code http} or {@code h2}: the first part of the access log keys' names. */
  static String accessLogKeys(Protocol protocol) {
    return protocol == Protocol.HTTP ? "http" : "h2";
  }

  private static String label(ConfigNode node, Protocol protocol) {
    return node.get("label").map(n -> {
      String label = n.asString();
      if (label.isEmpty() || label.contains("/")) {
        throw n.error("'" + label + "' is not a router label (expected: a non-empty name without '/')");
      }
      return label;
    }).orElse(protocol.linkerdName());
  }

  private static Located<String> dstPrefix(ConfigNode node) {
    return node.get("dstPrefix").map(n -> {
      String prefix = n.asString();
      if (!prefix.startsWith("/")) {
        throw n.error("'" + prefix + "' is not a path (expected: it starts with /, like /svc)");
      }
      return Located.at(n, prefix);
    }).orElse(Located.at(node, "/svc"));
  }

  private static List<PluginConfig> identifiers(ConfigNode node, Protocol protocol, Plugins plugins) {
    if (node.get("identifier").isEmpty()) {
      return List.of(plugins.parseDefault("identifier", node, "identifier",
          PlainValues.map("kind", "io.l5d.header.token", "header", protocol.authorityHeader())));
    }
    ConfigNode identifier = node.required("identifier");
    List<ConfigNode> blocks = identifier.elementsOrSingle();
    if (blocks.isEmpty()) {
      throw identifier.error("expected at least one identifier");
    }
    return blocks.stream().map(b -> plugins.parse("identifier", b)).toList();
  }

  private static List<ServerConfig> servers(ConfigNode node, Protocol protocol, String label) {
    ConfigNode servers = node.required("servers");
    List<ConfigNode> blocks = servers.elements();
    if (blocks.isEmpty()) {
      throw servers.error("expected at least one server");
    }
    return blocks.stream().map(s -> ServerConfig.parse(s, protocol, label)).toList();
  }
}
