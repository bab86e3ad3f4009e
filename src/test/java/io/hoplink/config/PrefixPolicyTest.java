package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrefixPolicyTest {
  private static final String STATIC_CLIENT = """
      routers:
      - protocol: http
        servers: [{}]
        client:
          kind: io.l5d.static
          configs:
          - prefix: /#/io.l5d.fs
            loadBalancer: {kind: ewma, decayTimeMs: 2000}
            failFast: true
          - prefix: "/#/io.l5d.fs/{service}"
            tls: {commonName: "{service}.example"}
            requestAttemptTimeoutMs: 500
          - prefix: /$/inet/*/80
            hostConnectionPool: {maxSize: 10}
          - prefix: /#/io.l5d.fs/world
            loadBalancer: {kind: roundRobin}
      """;

  private static PrefixPolicy<ClientParams> client() {
    return TestPlugins.load(STATIC_CLIENT).routers().get(0).client();
  }

  @Test
  void everyMatchingConfigAppliesInOrderKeyByKey() {
    ClientParams world = client().params("/#/io.l5d.fs/world");

    assertEquals(new LoadBalancerConfig.RoundRobin(5, false), world.loadBalancer());
    assertEquals(true, world.failFast());
    assertEquals(Optional.of(Duration.ofMillis(500)), world.requestAttemptTimeout());
    assertEquals(Optional.of("world.example"), world.tls().orElseThrow().commonName());
    assertEquals(HostConnectionPoolConfig.defaults(), world.hostConnectionPool());
  }

  // Filled in from a request's name, a capture in a certificate path would let a client choose
  // the file: only commonName takes captures.
  @Test
  void aCertificatePathTakesNoCaptures() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> TestPlugins.load(STATIC_CLIENT.replace("tls: {commonName: \"{service}.example\"}",
            "tls: {commonName: \"{service}.example\", trustCerts: [\"/certs/{service}.pem\"]}")));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(
        "routers[0].client.configs[1].tls.trustCerts[0]: '/certs/{service}.pem': a certificate"
            + " path takes no {captures}"), e.getMessage());
  }

  @Test
  void aVariableCapturesTheSegmentItMatches() {
    ClientParams hello = client().params(List.of("#", "io.l5d.fs", "hello", "residual"));

    assertEquals(new LoadBalancerConfig.Ewma(Duration.ofSeconds(2), 5, false), hello.loadBalancer());
    assertEquals(Optional.of("hello.example"), hello.tls().orElseThrow().commonName());
  }

  @Test
  void aPrefixShorterThanAVariableDoesNotMatchIt() {
    ClientParams namer = client().params("/#/io.l5d.fs");

    assertEquals(true, namer.failFast());
    assertEquals(Optional.empty(), namer.tls());
    assertEquals(Optional.empty(), namer.requestAttemptTimeout());
  }

  @Test
  void aStarMatchesAnyOneSegment() {
    PrefixPolicy<ClientParams> client = client();

    assertEquals(10, client.params("/$/inet/10.0.0.1/80").hostConnectionPool().maxSize());
    assertEquals(Integer.MAX_VALUE, client.params("/$/inet/10.0.0.1/8080").hostConnectionPool().maxSize());
    assertEquals(Integer.MAX_VALUE, client.params("/$/inet/80").hostConnectionPool().maxSize());
  }

  @Test
  void aPathNoConfigMatchesGetsTheDefaults() {
    ClientParams other = client().params("/#/io.l5d.k8s/default/http/world");

    assertEquals(client().defaults(), other);
    assertEquals(LoadBalancerConfig.defaults(), other.loadBalancer());
    assertEquals(false, other.failFast());
  }

  @Test
  void variablesInsideASegmentMatchGreedily() {
    PathPattern pattern = PathPattern.parse("/svc/{a}-{b}");

    assertEquals(Optional.of(Map.of("a", "x-y", "b", "z")), pattern.match(List.of("svc", "x-y-z")));
    assertEquals(Optional.empty(), pattern.match(List.of("svc", "xyz")));
    assertEquals(Optional.of(Map.of()), PathPattern.parse("/").match(List.of("anything")));
    assertEquals("x.{unknown}", PathPattern.substitute("{a}.{unknown}", Map.of("a", "x")));
  }

  @Test
  void staticServiceConfigsMergeTheSameWay() {
    PrefixPolicy<ServiceParams> service = TestPlugins.load("""
        routers:
        - protocol: http
          servers: [{}]
          service:
            kind: io.l5d.static
            configs:
            - prefix: /svc
              totalTimeoutMs: 1000
              retries: {budget: {percentCanRetry: 0.5}}
            - prefix: /svc/slow
              totalTimeoutMs: 30000
        """).routers().get(0).service();

    ServiceParams slow = service.params("/svc/slow");
    assertEquals(Optional.of(Duration.ofSeconds(30)), slow.totalTimeout());
    assertEquals(0.5, slow.retries().budget().percentCanRetry());
    assertEquals(Optional.of(Duration.ofSeconds(1)), service.params("/svc/fast").totalTimeout());
    assertEquals(Optional.empty(), service.params("/other").totalTimeout());
  }

  @Test
  void theClientProtocolIsTheRoutersUnlessAPrefixSetsIt() {
    PrefixPolicy<ClientParams> client = TestPlugins.load("""
        routers:
        - protocol: h2
          servers: [{}]
          client:
            kind: io.l5d.static
            configs:
            - prefix: /#/io.l5d.k8s/legacy
              protocol: http
            - prefix: /%/io.l5d.k8s.localnode/*/#/io.l5d.k8s/default/http
              protocol: http
        """).routers().get(0).client();

    assertEquals(Protocol.HTTP, client.params("/#/io.l5d.k8s/legacy/http/old").protocol());
    assertEquals(Protocol.H2, client.params("/#/io.l5d.k8s/default/h2/new").protocol());
    assertEquals(Protocol.HTTP, client.params(
        "/%/io.l5d.k8s.localnode/node-1/#/io.l5d.k8s/default/http/world").protocol());
    assertEquals(Protocol.H2, client.params(
        "/%/io.l5d.k8s.localnode/node-1/#/io.l5d.k8s/default/h2/world").protocol());
  }

  @Test
  void aTrailingSlashIsReadAsLinkerdReadsIt() {
    PathPattern withSlash = PathPattern.parse("/%/io.l5d.port/4141/#/io.l5d.fs/");
    List<String> bound = List.of("%", "io.l5d.port", "4141", "#", "io.l5d.fs", "web");
    assertEquals(PathPattern.parse("/%/io.l5d.port/4141/#/io.l5d.fs").match(bound),
        withSlash.match(bound));
    assertEquals(Optional.of(Map.of()), withSlash.match(bound));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PathPattern.parse("/a//b"), "an empty segment inside is still refused");
  }
}
