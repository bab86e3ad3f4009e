package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigErrorsTest {

  private static void assertRejected(String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(yaml));
    assertEquals(message, e.getMessage());
  }

  @Test
  void unknownTopLevelKeyIsNamedWithTheKnownOnes() {
    assertRejected("tracers: []\nrouters: []", "tracers: unknown key 'tracers' (expected one of: admin, "
        + "identity, namers, routers, telemetry, usage) at 1:1");
  }

  @Test
  void routersAreRequiredAndNotEmpty() {
    assertRejected("admin: {port: 9990}", "config: missing required key 'routers' at 1:1");
    assertRejected("routers: []", "routers: expected at least one router at 1:10");
  }

  @Test
  void thriftAndUnknownProtocolsAreRefused() {
    assertRejected("routers:\n- protocol: thrift\n  servers: [{}]",
        "routers[0].protocol: protocol 'thrift' is not supported by hoplink (http and h2 are) at 2:13");
    assertRejected("routers:\n- protocol: spdy\n  servers: [{}]",
        "routers[0].protocol: unknown protocol 'spdy' (expected: http or h2) at 2:13");
    assertRejected("routers:\n- servers: [{}]", "routers[0]: missing required key 'protocol' at 2:3");
  }

  @Test
  void keyOfAnotherProtocolIsUnknown() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load("routers:\n- protocol: h2\n  maxHeadersKB: 8\n  servers: [{}]"));
    assertEquals("routers[0].maxHeadersKB", e.path());
    assertEquals(true, e.getMessage().startsWith("routers[0].maxHeadersKB: unknown key 'maxHeadersKB' (expected one of: "));
    assertEquals(true, e.getMessage().endsWith(" at 3:3"));
  }

  @Test
  void aClassifierOfTheOtherProtocolIsRefused() {
    assertRejected("routers:\n- protocol: http\n  servers: [{}]\n"
        + "  service: {responseClassifier: {kind: io.l5d.h2.grpc.default}}",
        "routers[0].service.responseClassifier.kind: classifier kind "
        + "'io.l5d.h2.grpc.default' is not for http routers (expected: an io.l5d.http.* kind) at 4:40");
    assertRejected("routers:\n- protocol: h2\n  servers: [{}]\n"
        + "  service: {responseClassifier: {kind: io.l5d.http.nonRetryable5XX}}",
        "routers[0].service.responseClassifier.kind: classifier kind "
        + "'io.l5d.http.nonRetryable5XX' is not for h2 routers (expected: an io.l5d.h2.* kind) at 4:40");
  }

  @Test
  void serversAreRequiredAndNotEmpty() {
    assertRejected("routers:\n- protocol: http", "routers[0]: missing required key 'servers' at 2:3");
    assertRejected("routers:\n- protocol: http\n  servers: []", "routers[0].servers: expected at least one server at 3:12");
  }

  @Test
  void wrongTypesAndRangesSayWhatWasExpected() {
    assertRejected("routers:\n- protocol: http\n  servers:\n  - port: http",
        "routers[0].servers[0].port: 'http' is not an integer at 4:11");
    assertRejected("routers:\n- protocol: http\n  servers:\n  - port: 70000",
        "routers[0].servers[0].port: 70000 (expected: 0 to 65535) at 4:11");
    assertRejected("routers:\n- protocol: http\n  servers:\n  - ip: localhost",
        "routers[0].servers[0].ip: 'localhost' is not an IP address (expected: an IPv4 or IPv6 literal such as 0.0.0.0) at 4:9");
    assertRejected("""
        routers:
        - protocol: http
          servers: [{}]
          client:
            loadBalancer:
              kind: ewma
              decayTimeMs: -5
        """, "routers[0].client.loadBalancer.decayTimeMs (ewma): -5 (expected: > 0) at 7:20");
  }

  @Test
  void namerAndIdentifierKindsThatAreNotBuiltAreErrors() {
    assertRejected("namers:\n- kind: io.l5d.k8s\nrouters: [{protocol: http, servers: [{}]}]",
        "namers[0].kind: namer kind 'io.l5d.k8s' is not supported yet (supported: io.l5d.fs) at 2:9");
    assertRejected("routers:\n- protocol: h2\n  identifier: {kind: io.l5d.header.path, segments: 2}\n  servers: [{}]",
        "routers[0].identifier.kind: identifier kind 'io.l5d.header.path' is not supported yet "
            + "(supported: io.l5d.header.token) at 3:22");
    ConfigException e = assertThrows(ConfigException.class, () -> HoplinkConfig.load(
        "routers:\n- protocol: http\n  interpreter:\n    transformers: [{kind: io.l5d.localhost}]\n"
            + "  servers: [{}]", TestPlugins.all()));
    assertTrue(e.getMessage().contains("routers[0].interpreter.transformers[0].kind: unknown "
        + "transformer kind 'io.l5d.localhost' (kinds hoplink builds: io.l5d.k8s.daemonset, "
        + "io.l5d.k8s.localnode, io.l5d.port)"), e.getMessage());
  }

  @Test
  void identifierNeedsAKind() {
    assertRejected("routers:\n- protocol: http\n  identifier: {header: Host}\n  servers: [{}]",
        "routers[0].identifier: missing required key 'kind' at 3:15");
  }

  @Test
  void unknownKindListsOnlyTheKindsThatWork() {
    // Linkerd's telemeters accepted without effect (io.l5d.zipkin, ...) are not offered.
    assertRejected("telemetry:\n- kind: io.l5d.bogus\nrouters: [{protocol: http, servers: [{}]}]",
        "telemetry[0].kind: unknown telemeter kind 'io.l5d.bogus' (kinds hoplink builds: "
            + "test.metrics) at 2:9");
  }

  @Test
  void interpretersOtherThanDefaultFsAndConfigMapAreNotSupportedYet() {
    assertRejected("routers:\n- protocol: http\n  interpreter: {kind: io.l5d.namerd, dst: /$/inet/namerd/4100}\n  servers: [{}]",
        "routers[0].interpreter.kind: interpreter kind 'io.l5d.namerd' is not supported yet (supported: default, io.l5d.fs, io.l5d.k8s.configMap) at 3:23");
    assertRejected("routers:\n- protocol: http\n  interpreter: {kind: io.l5d.fs}\n  servers: [{}]",
        "routers[0].interpreter: missing required key 'dtabFile' at 3:16");
  }

  @Test
  void twoServersOnOneAddressConflict() {
    assertRejected("""
        routers:
        - protocol: http
          label: a
          servers:
          - port: 4140
        - protocol: http
          label: b
          servers:
          - {port: 4141}
          - port: 4140
            ip: 127.0.0.1
        """, "routers[1].servers[1].port: 4140 is already used by routers[0].servers[0] (first at 5:11) at 10:11");
  }

  @Test
  void wildcardAddressConflictsWithEveryAddressOnThatPort() {
    assertRejected("""
        routers:
        - protocol: http
          servers: [{ip: 10.0.0.1, port: 4140}]
        - protocol: h2
          servers: [{ip: 0.0.0.0, port: 4140}]
        """, "routers[1].servers[0].port: 4140 is already used by routers[0].servers[0] (first at 3:34) at 5:33");
    assertRejected("""
        admin: {port: 9990}
        routers:
        - protocol: http
          servers: [{ip: 0.0.0.0, port: 9990}]
        """, "routers[0].servers[0].port: 9990 is already used by admin (first at 1:15) at 4:33");
  }

  @Test
  void defaultPortsConflictToo() {
    assertRejected("routers:\n- protocol: http\n  label: a\n  servers: [{}]\n- protocol: http\n  label: b\n  servers: [{}]",
        "routers[1].servers[0]: port (default) 4140 is already used by routers[0].servers[0] (first at 4:13) at 7:13");
  }

  @Test
  void portZeroAndDistinctAddressesNeverConflict() {
    assertDoesNotThrow(() -> TestPlugins.load("""
        admin: {port: 0}
        routers:
        - protocol: http
          label: a
          servers: [{port: 0}, {port: 0}, {ip: 127.0.0.2, port: 4140}]
        - protocol: http
          label: b
          servers: [{ip: 127.0.0.3, port: 4140}]
        """));
  }

  @Test
  void aLabelUsedTwiceIsAnError() {
    assertRejected("""
        routers:
        - protocol: http
          label: edge
          servers: [{port: 1}]
        - protocol: h2
          label: edge
          servers: [{port: 2}]
        """, "routers[1].label: label 'edge' is already used by routers[0] (first at 2:3) at 6:10");
    assertRejected("routers:\n- protocol: http\n  servers: [{port: 1}]\n- protocol: http\n  servers: [{port: 2}]",
        "routers[1]: label 'http' is already used by routers[0] (first at 2:3); set a label on each router "
            + "of one protocol at 4:3");
  }

  @Test
  void staticPrefixMustBeAPath() {
    assertRejected("""
        routers:
        - protocol: http
          servers: [{}]
          client:
            kind: io.l5d.static
            configs:
            - prefix: io.l5d.fs
              failFast: true
        """, "routers[0].client.configs[0].prefix: 'io.l5d.fs' is not a path (expected: it starts with /) at 7:15");
  }

  @Test
  void unknownClientKindAndUnknownClientKeyAreErrors() {
    assertRejected("routers:\n- protocol: http\n  servers: [{}]\n  client: {kind: io.l5d.perHost}",
        "routers[0].client.kind: unknown client kind 'io.l5d.perHost' (expected: io.l5d.global or io.l5d.static) at 4:18");
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(
        "routers:\n- protocol: http\n  servers: [{}]\n  service: {retryBufferSize: {requestBytes: 1}}"));
    assertEquals("routers[0].service.retryBufferSize", e.path());
  }

  @Test
  void streamingOffConflictsWithStreamAfterContentLength() {
    assertRejected("routers:\n- protocol: http\n  streamingEnabled: false\n  streamAfterContentLengthKB: 10\n  servers: [{}]",
        "routers[0].streamAfterContentLengthKB: conflicts with streamingEnabled: false (streaming off buffers "
            + "every body) at 4:31");
  }

  @Test
  void jitteredBackoffNeedsOrderedBounds() {
    assertRejected("""
        routers:
        - protocol: http
          servers: [{}]
          service:
            retries:
              backoff: {kind: jittered, minMs: 100, maxMs: 10}
        """, "routers[0].service.retries.backoff.maxMs (jittered): 10 (expected: >= minMs 100) at 6:52");
  }

  @Test
  void aDtabCanBeReportedWhereItWasWritten() {
    HoplinkConfig config = TestPlugins.load("routers:\n- protocol: http\n  dtab: /svc => ;\n  servers: [{}]");
    Located<String> dtab = config.routers().get(0).dtab();
    assertEquals("routers[0].dtab: bad dentry at 3:9", dtab.error("bad dentry").getMessage());
    assertEquals("routers[0].dtab", dtab.error("x").path());
  }

  @Test
  void anUnknownClientProtocolIsRefusedAtItsPosition() {
    assertRejected("""
        routers:
        - protocol: h2
          servers: [{}]
          client: {protocol: h3}
        """, "routers[0].client.protocol: unknown protocol 'h3' (expected: http or h2) at 4:22");
  }
}
