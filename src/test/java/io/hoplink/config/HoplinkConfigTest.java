package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HoplinkConfigTest {
  /** Linkerd's linker-to-linker DaemonSet config, with the fs namer in place of k8s. */
  static final String DAEMONSET = """
      admin:
        ip: 0.0.0.0
        port: 9990
      namers:
      - kind: io.l5d.fs
        rootDir: /disco
      telemetry:
      - kind: test.metrics
      - kind: io.l5d.recentRequests
        sampleRate: 0.25
      usage:
        orgId: linkerd-examples-daemonset
      routers:
      - protocol: http
        label: outgoing
        dtab: |
          /srv        => /#/io.l5d.fs;
          /host       => /srv;
          /svc        => /host;
          /host/world => /srv/world-v1;
        interpreter:
          kind: default
          transformers:
          - kind: io.l5d.k8s.daemonset
            namespace: default
            port: incoming
            service: l5d
        servers:
        - port: 4140
          ip: 0.0.0.0
        service:
          responseClassifier:
            kind: io.l5d.http.retryableRead5XX
      - protocol: http
        label: incoming
        dtab: |
          /srv        => /#/io.l5d.fs;
          /host       => /srv;
          /svc        => /host;
          /host/world => /srv/world-v1;
        interpreter:
          kind: default
          transformers:
          - kind: io.l5d.k8s.localnode
        servers:
        - port: 4141
          ip: 0.0.0.0
      """;

  @Test
  void daemonsetConfigLoadsWithLinkerdDefaults() {
    HoplinkConfig config = TestPlugins.load(DAEMONSET);

    assertEquals(new AdminConfig("0.0.0.0", 9990, Duration.ofSeconds(10), AdminSecurityConfig.defaults(),
        java.util.Optional.empty(), Map.of()),
        config.admin());
    assertEquals(List.of(new TestPlugins.FsNamerConfig("io.l5d.fs", "/io.l5d.fs", "/disco")), config.namers());
    assertEquals(List.of(new TestPlugins.MetricsConfig("test.metrics", "rt", Duration.ofSeconds(1)),
        new UnbuiltPluginConfig("io.l5d.recentRequests", Map.of("sampleRate", 0.25))), config.telemetry());
    assertEquals(2, config.routers().size());

    RouterConfig outgoing = config.routers().get(0);
    assertEquals(Protocol.HTTP, outgoing.protocol());
    assertEquals("outgoing", outgoing.label());
    assertTrue(outgoing.dtab().value().startsWith("/srv        => /#/io.l5d.fs;\n"));
    assertEquals(new Located<>("/svc", "routers[0]", 14, 3), outgoing.dstPrefix());
    assertEquals(14, outgoing.dstPrefix().line());
    assertEquals(List.of(new TestPlugins.HeaderTokenConfig("io.l5d.header.token", "Host")), outgoing.identifiers());
    assertEquals(List.of(new ServerConfig("0.0.0.0", 4140, 0, false, 1000, Duration.ofSeconds(60),
        Duration.ZERO, Duration.ofSeconds(10), false, null)), outgoing.servers());
    assertEquals(new InterpreterConfig("default", List.of(new UnbuiltPluginConfig("io.l5d.k8s.daemonset",
        Map.of("namespace", "default", "port", "incoming", "service", "l5d")))), outgoing.interpreter());
    assertEquals(Duration.ofSeconds(10), outgoing.bindingTimeout());
    assertEquals(BindingCacheConfig.defaults(), outgoing.bindingCache());
    assertEquals(HttpOptions.defaults(), outgoing.http());
    assertFalse(outgoing.originator());

    ClientParams client = outgoing.client().params("/#/io.l5d.fs/world");
    assertEquals(new LoadBalancerConfig.P2c(5, false), client.loadBalancer());
    assertEquals(new UnbuiltPluginConfig("io.l5d.consecutiveFailures", Map.of("failures", 5L,
        "backoff", Map.of("kind", "jittered", "minMs", 5000L, "maxMs", 300000L))), client.failureAccrual());
    assertEquals(new RetryBudgetConfig(Duration.ofSeconds(10), 10, 0.2), client.requeueBudget());
    assertEquals(new HostConnectionPoolConfig(0, Integer.MAX_VALUE, Optional.empty(), Integer.MAX_VALUE),
        client.hostConnectionPool());
    assertFalse(client.failFast());
    assertEquals(Optional.empty(), client.requestAttemptTimeout());
    assertEquals(Optional.empty(), client.tls());

    ServiceParams service = outgoing.service().params("/svc/world");
    assertEquals(new UnbuiltPluginConfig("io.l5d.http.retryableRead5XX", Map.of()), service.responseClassifier());
    assertEquals(RetriesConfig.defaults(), service.retries());
    assertEquals(Optional.empty(), service.totalTimeout());
    assertEquals(new UnbuiltPluginConfig("io.l5d.http.nonRetryable5XX", Map.of()),
        config.routers().get(1).service().params("/svc/world").responseClassifier());
  }

  @Test
  void unbuiltKindsAndKeysAreNamedInOneLineWarnings() {
    HoplinkConfig config = TestPlugins.load(DAEMONSET);

    assertEquals(List.of(
        "usage: usage reporting is not part of hoplink; ignored at 12:3",
        "telemetry[1] (io.l5d.recentRequests): kind io.l5d.recentRequests is accepted but not built yet; it has no effect at 9:3"),
        config.warnings());
  }

  @Test
  void minimalConfigGetsEveryDefault() {
    HoplinkConfig config = TestPlugins.load("routers: [{protocol: h2, servers: [{}]}]");

    assertEquals(AdminConfig.defaults(), config.admin());
    assertEquals(List.of(), config.warnings());
    RouterConfig router = config.routers().get(0);
    assertEquals("h2", router.label());
    assertEquals("", router.dtab().value());
    assertEquals(List.of(new TestPlugins.HeaderTokenConfig("io.l5d.header.token", ":authority")), router.identifiers());
    ServerConfig server = router.servers().get(0);
    assertEquals(4142, server.port());
    assertEquals("127.0.0.1", server.ip());
    assertEquals(10, server.maxCallDepth());
    ServiceParams service = router.service().defaults();
    assertEquals(new RetryBufferSize(16383, 16383), service.retryBufferSize());
    assertEquals(Duration.ofMillis(100), service.classificationTimeout());
    assertEquals("io.l5d.h2.nonRetryable5XX", service.responseClassifier().kind());
  }

  @Test
  void serverKeysAreReadWithTheirUnits() {
    HoplinkConfig config = TestPlugins.load("""
        routers:
        - protocol: http
          servers:
          - port: 8080
            maxConcurrentRequests: 100
            clearContext: true
            maxCallDepth: 7
            serverSession: {idleTimeMs: 5000, lifeTimeMs: 60000}
            requestHeadTimeoutMs: 2500
        """);

    assertEquals(new ServerConfig("127.0.0.1", 8080, 100, true, 7, Duration.ofSeconds(5), Duration.ofMinutes(1),
        Duration.ofMillis(2500), false, null), config.routers().get(0).servers().get(0));
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void maxConnectionsIsReadAndANegativeOneRefusedWhereItStands() {
    HoplinkConfig config = TestPlugins.load("""
        routers:
        - protocol: http
          servers: [{port: 8080, maxConnections: 500}]
        """);
    assertEquals(500, config.routers().get(0).servers().get(0).maxConnections());
    assertEquals(0, TestPlugins.load("routers: [{protocol: http, servers: [{}]}]")
        .routers().get(0).servers().get(0).maxConnections(), "0: from the descriptor limit");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> TestPlugins.load("""
            routers:
            - protocol: http
              servers: [{port: 8080, maxConnections: -1}]
            """));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("maxConnections"),
        e.getMessage());
  }
}
