package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

class RenderTest {
  /** The server's certificate files exist: a start reads them. */
  private static final java.nio.file.Path CERTS = certs();

  private static java.nio.file.Path certs() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("render-test");
      for (String name : List.of("c.pem", "k.pem", "ca.pem")) {
        java.nio.file.Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
        dir.resolve(name).toFile().deleteOnExit();
      }
      dir.toFile().deleteOnExit();
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final String RICH = """
      admin: {port: 9991, security: {controlEnabled: false, pathWhitelist: ["^/admin/ping$"]}}
      namers:
      - {kind: io.l5d.fs, rootDir: disco, prefix: /disco}
      telemetry:
      - {kind: test.metrics, intervalMs: 2500}
      - {kind: io.l5d.zipkin, host: zipkin, port: 9410, sampleRate: 0.02}
      routers:
      - protocol: http
        label: edge
        dtab: /svc => /#/disco;
        httpAccessLog: /var/log/access.log
        maxHeadersKB: 16
        identifier:
        - {kind: io.l5d.header.token, header: X-Service}
        servers:
        - port: 4140
          ip: 0.0.0.0
          clearContext: true
          tls: {certPath: CERTS/c.pem, keyPath: CERTS/k.pem, caCertPath: CERTS/ca.pem, requireClientAuth: true}
        client:
          kind: io.l5d.static
          configs:
          - prefix: "/#/disco/{service}"
            tls: {commonName: "{service}.example"}
            loadBalancer: {kind: aperture, lowLoad: 0.25}
            hostConnectionPool: {maxSize: 100, idleTimeMs: 30000}
          - prefix: "/#/h2only"
            protocol: h2
        service:
          totalTimeoutMs: 2000
          retries:
            budget: {ttlSecs: 5}
            backoff: {kind: jittered, minMs: 10, maxMs: 1000}
        interpreter:
          transformers:
          - {kind: io.l5d.port, port: 4141}
      - protocol: h2
        servers: [{port: 4142, maxConcurrentStreamsPerConnection: 100}]
        client: {failFast: true, clientSession: {idleTimeMs: 1000}}
        service: {classificationTimeoutMs: 250, retryBufferSize: {requestBytes: 1024}}
      """.replace("CERTS", CERTS.toString());

  private static String toYaml(Map<String, Object> plain) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(plain);
  }

  private static void assertSameConfig(HoplinkConfig expected, HoplinkConfig actual) {
    assertEquals(expected.admin(), actual.admin());
    assertEquals(expected.namers(), actual.namers());
    assertEquals(expected.telemetry(), actual.telemetry());
    assertEquals(expected.routers(), actual.routers());
  }

  @Test
  void renderingAndLoadingAgainGivesAnEqualConfig() {
    HoplinkConfig config = TestPlugins.load(RICH);

    HoplinkConfig again = TestPlugins.load(toYaml(config.toPlain()));

    assertSameConfig(config, again);
    assertEquals(config.toPlain(), again.toPlain());
  }

  @Test
  void theDaemonsetConfigRoundTripsToo() {
    HoplinkConfig config = TestPlugins.load(HoplinkConfigTest.DAEMONSET);

    assertSameConfig(config, TestPlugins.load(toYaml(config.toPlain())));
  }

  @Test
  void renderingFillsInEveryDefaultUnderLinkerdKeyNames() {
    Map<String, Object> plain = TestPlugins.load("routers: [{protocol: http, servers: [{}]}]").toPlain();

    assertEquals(Map.of("ip", "127.0.0.1", "port", 9990, "shutdownGraceMs", 10000L,
        "security", Map.of("uiEnabled", true, "controlEnabled", true, "diagnosticsEnabled", true,
            "pathWhitelist", List.of(), "pathBlacklist", List.of())), plain.get("admin"));
    Map<?, ?> router = (Map<?, ?>) ((List<?>) plain.get("routers")).get(0);
    assertEquals(10000L, router.get("bindingTimeoutMs"));
    assertEquals("/svc", router.get("dstPrefix"));
    assertEquals(8, router.get("maxHeadersKB"));
    assertEquals(List.of(Map.of("kind", "io.l5d.header.token", "header", "Host")), router.get("identifier"));
    Map<?, ?> server = (Map<?, ?>) ((List<?>) router.get("servers")).get(0);
    assertEquals(Map.of("idleTimeMs", 60000L, "lifeTimeMs", 0L), server.get("serverSession"));
    assertEquals(4140, server.get("port"));
    Map<?, ?> client = (Map<?, ?>) router.get("client");
    assertEquals("io.l5d.global", client.get("kind"));
    assertEquals(Map.of("kind", "p2c", "maxEffort", 5, "enableProbation", false), client.get("loadBalancer"));
    assertEquals("http", client.get("protocol"), "a client speaks its router's protocol by default");
    assertEquals(Map.of("ttlSecs", 10L, "minRetriesPerSec", 10, "percentCanRetry", 0.2), client.get("requeueBudget"));
    assertEquals(Map.of("kind", "io.l5d.consecutiveFailures", "failures", 5L,
        "backoff", Map.of("kind", "jittered", "minMs", 5000L, "maxMs", 300000L)), client.get("failureAccrual"));
    Map<?, ?> service = (Map<?, ?>) router.get("service");
    assertEquals(Map.of("kind", "io.l5d.http.nonRetryable5XX"), service.get("responseClassifier"));
  }

  @Test
  void aPluginRecordRendersItsComponentsWithDurationsInMilliseconds() {
    assertEquals(Map.of("kind", "test.metrics", "prefix", "rt", "intervalMs", 2500L),
        new TestPlugins.MetricsConfig("test.metrics", "rt", java.time.Duration.ofMillis(2500)).toPlain());
  }
}
