package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningsTest {

  private static List<String> warnings(String routerKeys) {
    return TestPlugins.load("routers:\n- protocol: http\n  servers: [{}]\n" + routerKeys).warnings();
  }

  @Test
  void everyBalancerAndProbationAreBuiltSoTheyAreNotWarnedAbout() {
    assertEquals(List.of(), warnings("  client: {loadBalancer: {kind: p2c, maxEffort: 3}}"));
    assertEquals(List.of(), warnings("  client: {loadBalancer: {kind: ewma, decayTimeMs: 5000}}"));
    assertEquals(List.of(), warnings("  client: {loadBalancer: {kind: aperture, minAperture: 2}}"));
    assertEquals(List.of(), warnings("  client: {loadBalancer: {kind: heap}}"));
    assertEquals(List.of(), warnings("  client: {loadBalancer: {kind: roundRobin, enableProbation: true}}"));
  }

  @Test
  void resilienceKeysAreBuiltForHttpSoTheyAreNotWarnedAbout() {
    assertEquals(List.of(), warnings("""
          client:
            requeueBudget: {percentCanRetry: 0.5}
            failFast: true
            requestAttemptTimeoutMs: 500
            hostConnectionPool: {maxSize: 10, idleTimeMs: 1000, maxWaiters: 5}
          service:
            totalTimeoutMs: 500
            retries: {budget: {minRetriesPerSec: 1}, backoff: {kind: constant, ms: 10}}
        """));
    assertEquals(List.of("routers[0].client.hostConnectionPool.minSize: accepted but not built yet: "
        + "connections are opened on demand at 5:35"), warnings("""
          client:
            hostConnectionPool: {minSize: 2}
        """));
  }

  @Test
  void resilienceKeysOfH2AreBuiltAndOnlyTheConnectionPoolWarns() {
    List<String> warnings = TestPlugins.load("""
        routers:
        - protocol: h2
          servers: [{}]
          client:
            requeueBudget: {ttlSecs: 10, minRetriesPerSec: 10, percentCanRetry: 0.2}
            failFast: true
            requestAttemptTimeoutMs: 200
            hostConnectionPool: {maxSize: 4}
          service:
            totalTimeoutMs: 500
            retries: {budget: {percentCanRetry: 0.5}}
            retryBufferSize: {requestBytes: 1024, responseBytes: 2048}
            classificationTimeoutMs: 50
        """).warnings();
    assertEquals(List.of(
        "routers[0].client.hostConnectionPool: applies only to clients with protocol: http; h2 "
            + "clients multiplex streams over at most 2 connections per endpoint at 8:25"),
        warnings);
  }

  @Test
  void aRegisteredFailureAccrualPluginIsNotWarnedAbout() {
    Plugin<UnbuiltPluginConfig> accrual = new Plugin<>() {
      public String kind() {
        return "io.l5d.successRate";
      }

      public UnbuiltPluginConfig parse(ConfigNode node) {
        return new UnbuiltPluginConfig(kind(), Map.of("successRate", node.required("successRate").asDouble()));
      }
    };
    Plugins plugins = Plugins.builder().add(PluginRegistry.of("identifier", TestPlugins.HEADER_TOKEN))
        .add(PluginRegistry.of("failureAccrual", accrual)).build();

    HoplinkConfig config = HoplinkConfig.load("""
        routers:
        - protocol: http
          servers: [{}]
          client: {failureAccrual: {kind: io.l5d.successRate, successRate: 0.9}}
        """, plugins);

    assertEquals(List.of(), config.warnings());
    assertEquals(Map.of("successRate", 0.9),
        ((UnbuiltPluginConfig) config.routers().get(0).client().defaults().failureAccrual()).params());
  }

  @Test
  void unbuiltServerAndAdminKeysAreNamed() {
    HoplinkConfig config = HoplinkConfig.load("""
        admin: {workerThreads: 4}
        routers:
        - protocol: http
          servers:
          - port: 4143
            tls: {certPath: /c.pem, keyPath: /k.pem}
            socketOptions: {reusePort: true}
            addForwardedHeader: {by: {kind: ip}}
        """, TestPlugins.all(), true);

    assertEquals(List.of(
        "admin.workerThreads: accepted but not built yet; it has no effect at 1:24",
        "routers[0].servers[0].tls.certPath: '/c.pem' cannot be read here; the router refuses to"
            + " start unless it exists where it runs at 6:21",
        "routers[0].servers[0].tls.keyPath: '/k.pem' cannot be read here; the router refuses to"
            + " start unless it exists where it runs at 6:38",
        "routers[0].servers[0].socketOptions: accepted but not built yet; it has no effect at 7:20"),
        config.warnings());
    ServerConfig server = config.routers().get(0).servers().get(0);
    assertEquals("/c.pem", server.tls().orElseThrow().certPath());
    assertEquals("ip", server.addForwardedHeader().orElseThrow().by().kind());
    assertEquals("requestRandom", server.addForwardedHeader().orElseThrow().forLabel().kind());
    assertEquals(Map.of("reusePort", true), server.unbuilt().get("socketOptions"));
  }

  @Test
  void routerLevelKeysOfLinkerdAreAcceptedWithAWarningAndTheAccessLogIsBuilt() {
    assertEquals(List.of(
        "routers[0].responseClassifier: has no effect here since Linkerd 1.1; set service.responseClassifier "
            + "instead at 5:23",
        "routers[0].compressionLevel: accepted but not built yet; it has no effect at 6:21"), warnings("""
          httpAccessLog: access.log
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          compressionLevel: 6
          maxHeadersKB: 16
        """));
  }

  @Test
  void adminSecurityIsAppliedWithoutWarningsAndABadExpressionIsRefused() {
    HoplinkConfig config = TestPlugins.load("""
        admin:
          security:
            uiEnabled: false
            diagnosticsEnabled: false
            pathBlacklist: ["/admin/threads"]
        routers: [{protocol: http, servers: [{}]}]
        """);
    assertEquals(List.of(), config.warnings());
    assertEquals(List.of("/admin/threads"), config.admin().security().pathBlacklist());
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> TestPlugins.load("admin: {security: {pathWhitelist: ['/admin/(ping']}}\n"
            + "routers: [{protocol: http, servers: [{}]}]\n"));
    assertTrue(e.getMessage().startsWith("admin.security.pathWhitelist[0]: '/admin/(ping' is not"
        + " a regular expression: Unclosed group"), e.getMessage());
  }
}
