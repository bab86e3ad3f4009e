package io.hoplink.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The keys of a router's {@code client:} block. For http, every load balancer, failure
 * accrual, requeues, failFast, attempt timeouts and the connection pool are built; for h2 the
 * resilience keys set to something other than their default are accepted with a warning.
 */
final class ClientPolicyParser {
  private static final Set<String> UNBUILT_HTTP = Set.of("socketOptions", "requestAuthorizers",
      "forwardClientCert", "engine");
  private static final Set<String> UNBUILT_H2 = Set.of("socketOptions", "requestAuthorizers",
      "forwardClientCert", "initialStreamWindowBytes", "headerTableBytes", "maxFrameBytes",
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

    boolean built = protocol == Protocol.HTTP;
    Map<String, Function<ConfigNode, Object>> readers = Map.of(
        "loadBalancer", LoadBalancerConfig::parse,
        "failureAccrual", n -> plugins.parse("failureAccrual", n, null, (PluginConfig) defaults.get("failureAccrual")),
        "requeueBudget", n -> warnUnless(built, n, RetryBudgetConfig.parse(n), defaults.get("requeueBudget")),
        "hostConnectionPool", n -> built ? pool(n)
            : UnbuiltKeys.unlessDefault(n, HostConnectionPoolConfig.parse(n), defaults.get("hostConnectionPool")),
        "failFast", n -> warnUnless(built, n, n.asBoolean(), false),
        "requestAttemptTimeoutMs", n -> warnUnless(built, n, Bounds.positiveMillis(n), null),
        "tls", n -> {
          n.warn("accepted but not built yet: this client connects in plaintext");
          return ClientTlsConfig.parse(n);
        },
        "clientSession", n -> UnbuiltKeys.unlessDefault(n, ClientSessionConfig.parse(n), defaults.get("clientSession")));
    return new PolicyParser<>("client", readers, protocol == Protocol.HTTP ? UNBUILT_HTTP : UNBUILT_H2,
        defaults, ClientPolicyParser::substitute, ClientParams::of).parse(node);
  }

  private static <T> T warnUnless(boolean built, ConfigNode node, T parsed, T fallback) {
    return built ? parsed : UnbuiltKeys.unlessDefault(node, parsed, fallback);
  }

  /** Vert.x pools open connections on demand: a minimum has no effect. */
  private static HostConnectionPoolConfig pool(ConfigNode node) {
    HostConnectionPoolConfig pool = HostConnectionPoolConfig.parse(node);
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
