package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code routers[]} block, checked and defaulted. The dtab and dstPrefix keep their YAML
 * position so that the router can report a bad dtab where it was written. An h2 router parses;
 * whether it is served is the caller's decision.
 *
 * <pre>
 * routers:
 * - protocol: http
 *   label: outgoing
 *   dtab: /svc => /#/io.l5d.fs;
 *   identifier: {kind: io.l5d.header.token}
 *   servers: [{port: 4140, ip: 0.0.0.0}]
 *   client: {loadBalancer: {kind: p2c}}
 *   service: {totalTimeoutMs: 10000}
 * </pre>
 *
 * @param identifiers tried in order; by default one {@code io.l5d.header.token}
 * @param http the HTTP/1.1 codec keys (defaults for an h2 router, which has none)
 * @param allowRequestDtabAddresses hoplink only: whether a per-request dtab ({@code l5d-dtab},
 *     {@code l5d-ctx-dtab}) may name addresses itself ({@code /$/inet} and the other
 *     address-making system namers); off, such a request is refused with 403
 * @param tracePropagator how requests carry their trace ({@code io.l5d.default} unless set)
 * @param accessLog {@code httpAccessLog} or {@code h2AccessLog} and its keys; empty: none
 * @param unbuilt Linkerd router keys accepted without effect yet, as written
 */
public record RouterConfig(
    Protocol protocol,
    String label,
    Located<String> dtab,
    Located<String> dstPrefix,
    List<PluginConfig> identifiers,
    List<ServerConfig> servers,
    PrefixPolicy<ClientParams> client,
    PrefixPolicy<ServiceParams> service,
    InterpreterConfig interpreter,
    Duration bindingTimeout,
    BindingCacheConfig bindingCache,
    boolean originator,
    boolean allowRequestDtabAddresses,
    PluginConfig tracePropagator,
    HttpOptions http,
    Optional<AccessLogConfig> accessLog,
    Map<String, Object> unbuilt) implements PlainRenderable {

  public RouterConfig {
    requireNonNull(protocol, "protocol");
    requireNonNull(label, "label");
    requireNonNull(dtab, "dtab");
    requireNonNull(dstPrefix, "dstPrefix");
    identifiers = List.copyOf(identifiers);
    servers = List.copyOf(servers);
    requireNonNull(client, "client");
    requireNonNull(service, "service");
    requireNonNull(interpreter, "interpreter");
    requireNonNull(bindingTimeout, "bindingTimeout");
    requireNonNull(bindingCache, "bindingCache");
    requireNonNull(tracePropagator, "tracePropagator");
    requireNonNull(http, "http");
    requireNonNull(accessLog, "accessLog");
    unbuilt = UnbuiltKeys.frozen(unbuilt);
  }

  /** Parses one router block. */
  public static RouterConfig parse(ConfigNode node, Plugins plugins) {
    requireNonNull(node, "node");
    requireNonNull(plugins, "plugins");
    return RouterParser.parse(node, plugins);
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("protocol", protocol.linkerdName());
    out.put("label", label);
    out.put("dtab", dtab.value());
    out.put("dstPrefix", dstPrefix.value());
    out.put("identifier", identifiers.stream().map(PluginConfig::toPlain).toList());
    out.put("servers", servers.stream().map(ServerConfig::toPlain).toList());
    out.put("client", client.toPlain());
    out.put("service", service.toPlain());
    out.put("interpreter", interpreter.toPlain());
    out.put("bindingTimeoutMs", bindingTimeout.toMillis());
    out.put("bindingCache", bindingCache.toPlain());
    out.put("originator", originator);
    out.put("tracePropagator", tracePropagator.toPlain());
    if (protocol == Protocol.HTTP) {
      out.putAll(http.toPlain());
    }
    accessLog.ifPresent(log -> out.putAll(log.toPlain(RouterParser.accessLogKeys(protocol))));
    out.putAll(unbuilt);
    return out;
  }
}
