package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective client parameters for one bound id: every key of Linkerd's client block, with
 * defaults filled in ({@link PrefixPolicy#params}).
 *
 * @param failureAccrual parsed by the {@code failureAccrual} plugin family; by default
 *     {@code io.l5d.consecutiveFailures} with 5 failures and a jittered 5 s to 300 s backoff
 * @param requestAttemptTimeout empty: no per-attempt timeout
 * @param tls empty: plaintext
 * @param protocol what the client speaks to its endpoints (hoplink's {@code protocol} key):
 *     by default the router's own protocol
 * @param forwardClientCert Linkerd's: requests carry the certificate their client presented
 *     to this router as {@code x-forwarded-client-cert}
 * @param unbuilt Linkerd client keys accepted without effect yet, as written
 */
public record ClientParams(
    LoadBalancerConfig loadBalancer,
    PluginConfig failureAccrual,
    RetryBudgetConfig requeueBudget,
    HostConnectionPoolConfig hostConnectionPool,
    boolean failFast,
    Optional<Duration> requestAttemptTimeout,
    Optional<ClientTlsConfig> tls,
    ClientSessionConfig clientSession,
    Protocol protocol,
    boolean forwardClientCert,
    Map<String, Object> unbuilt) {

  static final Set<String> TYPED = Set.of("loadBalancer", "failureAccrual", "requeueBudget",
      "hostConnectionPool", "failFast", "requestAttemptTimeoutMs", "tls", "clientSession", "protocol",
      "forwardClientCert");

  public ClientParams {
    requireNonNull(loadBalancer, "loadBalancer");
    requireNonNull(failureAccrual, "failureAccrual");
    requireNonNull(requeueBudget, "requeueBudget");
    requireNonNull(hostConnectionPool, "hostConnectionPool");
    requireNonNull(requestAttemptTimeout, "requestAttemptTimeout");
    requireNonNull(tls, "tls");
    requireNonNull(clientSession, "clientSession");
    requireNonNull(protocol, "protocol");
    unbuilt = UnbuiltKeys.frozen(unbuilt);
  }

  /** From merged key values that include every default. */
  static ClientParams of(Map<String, Object> values) {
    Map<String, Object> unbuilt = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!TYPED.contains(k)) {
        unbuilt.put(k, v);
      }
    });
    return new ClientParams(
        (LoadBalancerConfig) values.get("loadBalancer"),
        (PluginConfig) values.get("failureAccrual"),
        (RetryBudgetConfig) values.get("requeueBudget"),
        (HostConnectionPoolConfig) values.get("hostConnectionPool"),
        (Boolean) values.get("failFast"),
        Optional.ofNullable((Duration) values.get("requestAttemptTimeoutMs")),
        Optional.ofNullable((ClientTlsConfig) values.get("tls")),
        (ClientSessionConfig) values.get("clientSession"),
        (Protocol) values.get("protocol"),
        Boolean.TRUE.equals(values.get("forwardClientCert")),
        unbuilt);
  }
}
