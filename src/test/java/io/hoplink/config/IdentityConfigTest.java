package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's top-level {@code identity} block, and tls blocks naming the files it writes. */
class IdentityConfigTest {
  @TempDir Path dir;
  private String bundle;
  private String token;

  @BeforeEach
  void files() throws Exception {
    bundle = Files.writeString(dir.resolve("trust.crt"), "roots").toString();
    token = Files.writeString(dir.resolve("token"), "a.b.c").toString();
  }

  /** A router whose incoming server and outgoing client use the identity's files. */
  private String config(String identity) {
    String certs = dir.resolve("identity").toString();
    return """
        identity:
        %1$s
        routers:
        - protocol: http
          label: outgoing
          client:
            tls:
              commonName: l5d.default.serviceaccount.identity.hoplink.cluster.local
              trustCerts: [%2$s/ca.crt]
              clientAuth: {certPath: %2$s/tls.crt, keyPath: %2$s/tls.key}
          servers: [{port: 4140}]
        - protocol: http
          label: incoming
          servers:
          - port: 4141
            tls: {certPath: %2$s/tls.crt, keyPath: %2$s/tls.key, caCertPath: %2$s/ca.crt,
                  requireClientAuth: true}
        """.formatted(identity.indent(2).stripTrailing(), certs);
  }

  private String block(String more) {
    return """
        url: https://hoplink-identity.hoplink.svc:8443
        trustBundle: %s
        tokenPath: %s
        dir: %s
        """.formatted(bundle, token, dir.resolve("identity")) + more;
  }

  private void assertRejected(String identity, String message) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load(config(identity)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void theTlsBlocksMayNameTheFilesTheIdentityWritesBeforeTheyExist() {
    HoplinkConfig config = TestPlugins.load(config(block("")));
    IdentityConfig identity = config.identity().orElseThrow();
    assertEquals(URI.create("https://hoplink-identity.hoplink.svc:8443"), identity.url());
    assertEquals(URI.create("https://hoplink-identity.hoplink.svc:8443/v1/certify"),
        identity.certifyUrl());
    assertEquals(bundle, identity.trustBundle());
    assertEquals(token, identity.tokenPath());
    assertEquals(0.667, identity.renewAt());
    assertEquals(Duration.ofSeconds(30), identity.startTimeout());
    assertEquals(new BackoffConfig.Jittered(Duration.ofSeconds(1), Duration.ofSeconds(60)),
        identity.backoff());
    assertEquals(List.of(), config.warnings());
    assertEquals(Map.of("url", "https://hoplink-identity.hoplink.svc:8443", "trustBundle", bundle,
        "tokenPath", token, "dir", dir.resolve("identity").toString(), "renewAt", 0.667,
        "startTimeoutMs", 30000L, "backoff", Map.of("kind", "jittered", "minMs", 1000L,
            "maxMs", 60000L)), config.toPlain().get("identity"));
  }

  @Test
  void withoutTheBlockTheSameFilesMustExist() {
    String noIdentity = config(block("")).replaceFirst("(?s)identity:.*?routers:", "routers:");
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(noIdentity));
    assertTrue(e.getMessage().startsWith("routers[0].client.tls.clientAuth.certPath: '"
        + dir.resolve("identity/tls.crt") + "' cannot be read at "), e.getMessage());
  }

  @Test
  void everyKeyIsTaken() {
    IdentityConfig identity = TestPlugins.load(config(block("""
        renewAt: 0.5
        startTimeoutMs: 5000
        backoff: {kind: jittered, minMs: 200, maxMs: 1000}
        """))).identity().orElseThrow();
    assertEquals(0.5, identity.renewAt());
    assertEquals(Duration.ofSeconds(5), identity.startTimeout());
    assertEquals(new BackoffConfig.Jittered(Duration.ofMillis(200), Duration.ofSeconds(1)),
        identity.backoff());
  }

  @Test
  void theUrlIsHttpsToAHostAndNothingMore() {
    assertRejected(block("").replace("https://", "http://"),
        "identity.url: 'http://hoplink-identity.hoplink.svc:8443' is not https: the request"
            + " carries the pod's token (expected: https://<host>[:<port>], such as"
            + " https://hoplink-identity.hoplink.svc.cluster.local:8443) at 2:8");
    assertRejected(block("").replace(":8443", ":8443/certify"),
        "identity.url: 'https://hoplink-identity.hoplink.svc:8443/certify' (expected:"
            + " https://<host>[:<port>], such as"
            + " https://hoplink-identity.hoplink.svc.cluster.local:8443) at 2:8");
  }

  @Test
  void badValuesAreRefusedWithTheirPath() {
    assertRejected(block("renewAt: 1"),
        "identity.renewAt: 1.0 (expected: 0.1 to 0.95) at 6:12");
    assertRejected(block("lifetime: 5"), "identity.lifetime: unknown key 'lifetime' (expected"
        + " one of: backoff, dir, renewAt, startTimeoutMs, tokenPath, trustBundle, url) at 6:3");
    assertRejected(block("").replace("trustBundle: " + bundle, "trustBundle: "
        + dir.resolve("identity/ca.crt")), "identity.trustBundle: '" + dir.resolve(
            "identity/ca.crt") + "' is a file this block writes (expected: the roots as mounted,"
            + " such as a ConfigMap's ca.crt) at 3:16");
    assertRejected(block("").replace("tokenPath: " + token, "tokenPath: " + dir.resolve("nope")),
        "identity.tokenPath: '" + dir.resolve("nope") + "' cannot be read at 4:14");
  }

  @Test
  void awayFromThePodMissingFilesAreWarnings() {
    String text = config(block("").replace("trustBundle: " + bundle, "trustBundle: /nope/ca.crt"));
    HoplinkConfig config = HoplinkConfig.load(text, TestPlugins.all(), true);
    assertEquals(List.of("identity.trustBundle: '/nope/ca.crt' cannot be read here; the router"
        + " refuses to start unless it exists where it runs at 3:16"), config.warnings());
  }
}
