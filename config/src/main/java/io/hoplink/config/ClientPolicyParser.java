package io.hoplink.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The keys of a router's {@code client:} block. Every load balancer, failure accrual, requeues,
 * failFast and attempt timeouts are built for both protocols; the connection pool for clients
 * that speak HTTP/1.1 (h2 multiplexes streams over a few connections per endpoint, so on an h2
 * router {@code hostConnectionPool} set to something other than its default is warned about).
 * hoplink adds {@code protocol}: what the client speaks upstream, by default the router's.
 */
final class ClientPolicyParser {
  private static final Set<String> UNBUILT_HTTP = Set.of("socketOptions", "requestAuthorizers",
      "engine");
  private static final Set<String> UNBUILT_H2 = Set.of("socketOptions", "requestAuthorizers",
      "initialStreamWindowBytes", "headerTableBytes", "maxFrameBytes",
      "maxHeaderListBytes", "windowUpdateRatio");

  private ClientPolicyParser() {}

  static PrefixPolicy<ClientParams> parse(Optional<ConfigNode> node, ConfigNode router,
      Protocol protocol, Plugins plugins) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("loadBalancer", LoadBalancerConfig.defaults());
    defaults.put("failureAccrual", plugins.parseDefault("failureAccrual", router, "client.failureAccrual",
        PlainValues.map("kind", "io.l5d.consecutiveFailures", "failures", 5,
            "backoff", PlainValues.map("kind", "jittered", "minMs", 5000, "maxMs", 300000))));
    defaults.put("requeueBudget", RetryBudgetConfig.defaults());
    defaults.put("hostConnectionPool", HostConnectionPoolConfig.defaults());
    defaults.put("failFast", false);
    defaults.put("clientSession", ClientSessionConfig.defaults());
    defaults.put("protocol", protocol);

    boolean http = protocol == Protocol.HTTP;
    Map<String, Function<ConfigNode, Object>> readers = Map.of(
        "loadBalancer", LoadBalancerConfig::parse,
        "failureAccrual", n -> plugins.parse("failureAccrual", n, null, (PluginConfig) defaults.get("failureAccrual")),
        "requeueBudget", RetryBudgetConfig::parse,
        "hostConnectionPool", n -> pool(n, http),
        "failFast", ConfigNode::asBoolean,
        "forwardClientCert", ConfigNode::asBoolean,
        "requestAttemptTimeoutMs", Bounds::positiveMillis,
        "tls", ClientTlsConfig::parse,
        "clientSession", n -> UnbuiltKeys.unlessDefault(n, ClientSessionConfig.parse(n), defaults.get("clientSession")),
        "protocol", Protocol::parse);
    return new PolicyParser<>("client", readers, protocol == Protocol.HTTP ? UNBUILT_HTTP : UNBUILT_H2,
        defaults, ClientPolicyParser::substitute, ClientParams::of).parse(node);
  }

  /**
   * Vert.x pools open connections on demand: a minimum has no effect. On an h2 router the pool
   * is used only by clients that speak HTTP/1.1 ({@code protocol: http}).
   */
  private static HostConnectionPoolConfig pool(ConfigNode node, boolean http) {
    HostConnectionPoolConfig pool = HostConnectionPoolConfig.parse(node);
    if (!http && !pool.equals(HostConnectionPoolConfig.defaults())) {
      node.warn("applies only to clients with protocol: http; h2 clients multiplex streams over "
          + "at most 2 connections per endpoint");
    }
    if (pool.minSize() > 0) {
      node.required("minSize").warn("accepted but not built yet: connections are opened on demand");
    }
    return pool;
  }

  private static Map<String, Object> substitute(Map<String, Object> values, Map<String, String> vars) {
    if (!(values.get("tls") instanceof ClientTlsConfig tls) || vars.isEmpty()) {
      return values;
    }
    Map<String, Object> out = new LinkedHashMap<>(values);
    out.put("tls", tls.substitute(vars));
    return out;
  }
}
