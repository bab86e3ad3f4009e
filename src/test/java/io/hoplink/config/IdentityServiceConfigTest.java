package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config of {@code hoplink identity}. */
class IdentityServiceConfigTest {
  @TempDir Path dir;
  private String minimal;

  @BeforeEach
  void files() throws Exception {
    for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.writeString(dir.resolve(file), "pem");
    }
    minimal = """
        issuer: {certPath: %1$s/tls.crt, keyPath: %1$s/tls.key}
        trustBundle: %1$s/ca.crt
        dnsNames: [hoplink-identity.hoplink.svc]
        serviceAccounts: [default/l5d]
        """.formatted(dir);
  }

  private void assertRejected(String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> IdentityServiceConfig.load(yaml, false));
    assertEquals(message, e.getMessage());
  }

  @Test
  void theDefaultsAreADayLongCertificateOnPort8443() {
    IdentityServiceConfig config = IdentityServiceConfig.load(minimal, false);
    assertEquals("0.0.0.0", config.ip());
    assertEquals(8443, config.port());
    assertEquals(dir + "/tls.crt", config.issuerCertPath());
    assertEquals(dir + "/tls.key", config.issuerKeyPath());
    assertEquals(dir + "/ca.crt", config.trustBundle());
    assertEquals(List.of("hoplink-identity.hoplink.svc"), config.dnsNames());
    assertEquals(Duration.ofHours(24), config.lifetime());
    assertEquals("cluster.local", config.trustDomain());
    assertEquals(Optional.empty(), config.audience());
    assertEquals(List.of("default/l5d"), config.serviceAccounts());
    assertEquals(Optional.empty(), config.kubeHost());
    assertEquals(100, config.requestsPerSec());
    assertEquals(30, config.clientRequestsPerMin());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void everyKeyIsTakenAndPrintedBack() {
    IdentityServiceConfig config = IdentityServiceConfig.load(minimal + """
        ip: 127.0.0.1
        port: 0
        lifetimeSecs: 6
        trustDomain: mesh.example
        audience: hoplink-identity
        kubernetes: {host: 127.0.0.1, port: 8001}
        rateLimit: {requestsPerSec: 5, clientRequestsPerMin: 600}
        """, false);
    assertEquals(Duration.ofSeconds(6), config.lifetime());
    assertEquals(Optional.of("hoplink-identity"), config.audience());
    assertEquals(Optional.of("127.0.0.1"), config.kubeHost());
    assertEquals(Optional.of(8001), config.kubePort());
    assertEquals(5, config.requestsPerSec());
    assertEquals(600, config.clientRequestsPerMin());
    String printed = new org.yaml.snakeyaml.Yaml().dump(config.toPlain());
    assertEquals(config, IdentityServiceConfig.load(printed, false));
  }

  @Test
  void badValuesAreRefusedWithTheirPath() {
    assertRejected(minimal.replace("default/l5d", "default/*"), "serviceAccounts[0]: 'default/*'"
        + " (expected: namespace/name of a service account, such as default/l5d; no wildcards)"
        + " at 4:19");
    assertRejected(minimal.replace("[default/l5d]", "[]"),
        "serviceAccounts: expected at least one at 4:18");
    assertRejected(minimal.replace("[hoplink-identity.hoplink.svc]", "['*.hoplink.svc']"),
        "dnsNames[0]: '*.hoplink.svc' (expected: a DNS name such as hoplink-identity.hoplink.svc,"
            + " no wildcards) at 3:12");
    assertRejected(minimal + "lifetimeSecs: 0", "lifetimeSecs: 0 (expected: 1 to 31536000, 365"
        + " days) at 5:15");
    assertRejected(minimal + "kubernetes: {url: x}", "kubernetes.url: unknown key 'url'"
        + " (expected one of: host, port) at 5:14");
    assertRejected(minimal.replace("trustBundle: " + dir + "/ca.crt\n", ""),
        "config: missing required key 'trustBundle' at 1:1");
  }

  @Test
  void awayFromThePodMissingFilesAreWarnings() {
    IdentityServiceConfig config = IdentityServiceConfig.load(
        minimal.replace(dir + "/ca.crt", "/nope/ca.crt"), true);
    assertEquals(List.of("trustBundle: '/nope/ca.crt' cannot be read here; the router refuses"
        + " to start unless it exists where it runs at 2:14"), config.warnings());
  }

  @Test
  void theConfigMayBeTheConfigMapThatHoldsIt() {
    String manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: hoplink-identity}
        data:
          config.yaml: |
        %s""".formatted(minimal.indent(4));
    assertEquals(IdentityServiceConfig.load(minimal, false),
        IdentityServiceConfig.load(manifest, false));
  }
}
