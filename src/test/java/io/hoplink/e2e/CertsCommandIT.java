package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.router.tls.ca.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoplink certs} from the packaged jar makes the mesh's certificates, and two routers
 * (nodes a and b, each an outgoing and an incoming router) carry requests over mutual TLS with
 * them: first as made, then through an issuer rotation, then through a CA rollover (a bundle of
 * the old and new roots on both, node a renewed by the new issuer while b still presents the
 * old root's certificate, then b, then the old root removed). Each change is taken up from the
 * files, without a restart; no request fails on the way.
 */
class CertsCommandIT {
  private static final String SPIFFE = "spiffe://cluster.local/ns/default/sa/l5d";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private String d(String name) {
    return dir.resolve(name).toString();
  }

  /** Runs {@code hoplink certs <args>} from the jar; returns what it printed. */
  private String certs(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("certs"));
    command.addAll(List.of(args));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), command)) {
      assertEquals(0, p.awaitExit(DEADLINE), p.log());
      return p.log();
    }
  }

  private void node(String name, String issuer, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("node", "--issuer", d(issuer), "--name",
        "node-" + name + ".mesh", "--dns", "incoming.mesh", "--uri", SPIFFE, "--out", d(name)));
    args.addAll(List.of(more));
    certs(args.toArray(String[]::new));
  }

  /** Node {@code name}: outgoing sends /svc/<host> to the file disco/<host>; incoming to its backend. */
  private HoplinkProcess router(String name, TestBackend backend) throws Exception {
    Path certs = dir.resolve(name);
    return HoplinkProcess.start(dir, """
        admin: {port: 0}
        namers:
        - kind: io.l5d.fs
          rootDir: %1$s
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
          client:
            hostConnectionPool: {idleTimeMs: 1}
            tls:
              commonName: incoming.mesh
              trustCerts: [%2$s/ca.crt]
              clientAuth: {certPath: %2$s/tls.crt, keyPath: %2$s/tls.key}
        - protocol: http
          label: incoming
          dtab: /svc => /$/inet/127.0.0.1/%3$d;
          client: {forwardClientCert: true}
          servers:
          - port: 0
            tls: {certPath: %2$s/tls.crt, keyPath: %2$s/tls.key, caCertPath: %2$s/ca.crt,
                  requireClientAuth: true}
        """.formatted(dir.resolve("disco"), certs, backend.port()));
  }

  private X509Certificate certOf(String name) throws Exception {
    return Pem.readCertificates(Files.readString(dir.resolve(name).resolve("tls.crt"))).get(0);
  }

  private static String hash(X509Certificate cert) throws Exception {
    return HexFormat.of().withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  /**
   * One request from {@code from}'s outgoing router to node {@code to}: it must succeed, and
   * returns the client certificate {@code to}'s incoming router saw (x-forwarded-client-cert).
   */
  private static String call(HoplinkProcess from, String to, TestBackend backend,
      HoplinkProcess peer) throws Exception {
    String reply = RawHttp.exchange(from.port("outgoing"),
        "GET /hello HTTP/1.1\r\nHost: " + to + "\r\nConnection: close\r\n\r\n");
    assertEquals(200, RawHttp.status(reply), reply + from.log() + peer.log());
    assertTrue(reply.endsWith(to), reply);
    var seen = backend.seenHeaders();
    return seen.get(seen.size() - 1).getFirst("x-forwarded-client-cert");
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE + ": " + what);
      }
      HoplinkProcess.pause();
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static BooleanSupplier unchecked(Check check) {
    return () -> {
      try {
        return check.holds();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  /** How often {@code router} said a TLS block took changed files. */
  private static long reloads(HoplinkProcess router) {
    return router.log().lines().filter(l -> l.contains("new certificates in use")).count();
  }

  /** The node's files are in use: its client presents them to the peer, its server serves them. */
  private void awaitInUse(String name, Node self, Node peer) throws Exception {
    String expected = "Hash=" + hash(certOf(name)) + ";";
    await("node " + name + "'s outgoing router presents its new certificate", unchecked(() ->
        call(self.router, peer.name, peer.backend, peer.router).startsWith(expected)));
    await("node " + name + "'s incoming router serves its new certificate", unchecked(() ->
        certOf(name).equals(TlsProbe.get(self.router.port("incoming"), dir.resolve(peer.name))
            .served())));
  }

  /**
   * Writes the bundle of {@code roots} as both nodes' ca.crt and waits until each router's client
   * and server tls blocks (both read ca.crt) have taken it.
   */
  private void trustOnBoth(Node a, Node b, String... roots) throws Exception {
    long reloadsA = reloads(a.router);
    long reloadsB = reloads(b.router);
    for (Node node : List.of(a, b)) {
      List<String> args = new ArrayList<>(List.of("bundle", "--out", d(node.name + "/ca.crt")));
      args.addAll(List.of(roots));
      certs(args.toArray(String[]::new));
    }
    await("both routers take the trust bundle of " + List.of(roots), () ->
        reloads(a.router) >= reloadsA + 2 && reloads(b.router) >= reloadsB + 2);
  }

  private record Node(String name, HoplinkProcess router, TestBackend backend) {}

  private void bothWays(Node a, Node b) throws Exception {
    String seenByB = call(a.router, "b", b.backend, b.router);
    assertEquals("Hash=" + hash(certOf("a")) + ";DNS=node-a.mesh;DNS=incoming.mesh;SAN="
        + SPIFFE + ";Subject=\"CN=node-a.mesh\"", seenByB);
    String seenByA = call(b.router, "a", a.backend, a.router);
    assertTrue(seenByA.startsWith("Hash=" + hash(certOf("b")) + ";"), seenByA);
  }

  @Test
  void certificatesFromTheCommandCarryMutualTlsThroughAnIssuerRotationAndACaRollover()
      throws Exception {
    certs("root", "--out", d("root1"), "--name", "mesh root 1");
    certs("issuer", "--root", d("root1"), "--out", d("issuer1"), "--name", "mesh issuer 1");
    node("a", "issuer1");
    node("b", "issuer1");
    Files.createDirectories(dir.resolve("disco"));
    try (TestBackend backendA = new TestBackend("a"); TestBackend backendB = new TestBackend("b");
        HoplinkProcess routerA = router("a", backendA);
        HoplinkProcess routerB = router("b", backendB)) {
      Files.writeString(dir.resolve("disco/a"), "127.0.0.1 " + routerA.port("incoming") + "\n");
      Files.writeString(dir.resolve("disco/b"), "127.0.0.1 " + routerB.port("incoming") + "\n");
      Node a = new Node("a", routerA, backendA);
      Node b = new Node("b", routerB, backendB);
      bothWays(a, b);

      // Issuer rotation: b renewed in place by a second issuer of the same root.
      certs("issuer", "--root", d("root1"), "--out", d("issuer1b"), "--name", "mesh issuer 1b");
      node("b", "issuer1b");
      awaitInUse("b", b, a);
      bothWays(a, b);

      // CA rollover. 1: a new root and issuer; both routers trust the old and the new root.
      certs("root", "--out", d("root2"), "--name", "mesh root 2");
      certs("issuer", "--root", d("root2"), "--out", d("issuer2"), "--name", "mesh issuer 2");
      certs("bundle", "--out", d("bundle.crt"), d("root1"), d("root2"));
      trustOnBoth(a, b, d("bundle.crt"));
      bothWays(a, b);

      // 2: a renewed by the new issuer while b still presents the old root's certificate.
      node("a", "issuer2", "--trust", d("bundle.crt"));
      awaitInUse("a", a, b);
      bothWays(a, b);
      X509Certificate servedByB = TlsProbe.get(routerB.port("incoming"), dir.resolve("a"))
          .served();
      assertEquals("CN=mesh issuer 1b", servedByB.getIssuerX500Principal().getName());
      assertEquals("CN=mesh issuer 2", certOf("a").getIssuerX500Principal().getName());

      // 3: b renewed too, then the old root leaves both bundles.
      node("b", "issuer2", "--trust", d("bundle.crt"));
      awaitInUse("b", b, a);
      bothWays(a, b);
      certs("node", "--issuer", d("issuer1b"), "--name", "old.mesh", "--out", d("old"));
      assertTrue(TlsProbe.get(routerA.port("incoming"), dir.resolve("old")).answered(),
          "an old root's certificate is still taken while the bundle holds that root");
      trustOnBoth(a, b, d("root2"));
      bothWays(a, b);
      TlsProbe.Result old = TlsProbe.get(routerA.port("incoming"), dir.resolve("old"));
      assertTrue(!old.answered(), "the old root's certificates are refused now: " + old.reply());
    }
  }

  @Test
  void aKeyThatIsNotItsCertificatesStopsTheCommandInOneLine() throws Exception {
    certs("root", "--out", d("root"), "--name", "mesh root");
    certs("issuer", "--root", d("root"), "--out", d("issuer"), "--name", "mesh issuer");
    Files.copy(dir.resolve("root/tls.key"), dir.resolve("issuer/tls.key"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of("certs", "node",
        "--issuer", d("issuer"), "--name", "a.mesh", "--out", d("a")))) {
      assertEquals(65, p.awaitExit(DEADLINE), p.log());
      assertEquals("certs node: " + d("issuer") + ": the key does not belong to the certificate"
          + " CN=mesh issuer (" + d("issuer/tls.crt") + ", " + d("issuer/tls.key") + ")\n",
          p.log());
    }
    assertTrue(!Files.exists(dir.resolve("a")), "nothing written");
  }
}
