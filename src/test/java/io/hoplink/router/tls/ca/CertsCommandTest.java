package io.hoplink.router.tls.ca;

import static io.hoplink.router.tls.ca.MeshCaTest.CLOCK;
import static io.hoplink.router.tls.ca.MeshCaTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoplink certs}, run in process on a fixed clock: what it writes, and what it refuses. */
class CertsCommandTest {
  @TempDir Path dir;
  private java.time.Clock clock = CLOCK;

  record Run(int code, String out, String err) {}

  private Run certs(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CertsCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private Run ok(String... args) {
    Run run = certs(args);
    assertEquals(0, run.code(), run.err());
    return run;
  }

  /** A refusal: the exit code and the one line on stderr. */
  private void refused(int code, String line, String... args) {
    Run run = certs(args);
    assertEquals(code, run.code(), run.err() + run.out());
    assertEquals(line + "\n", run.err());
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  private List<X509Certificate> certsIn(String file) throws Exception {
    return Pem.readCertificates(Files.readString(dir.resolve(file)));
  }

  private void mesh() {
    ok("root", "--out", p("root"), "--name", "mesh root 1");
    ok("issuer", "--root", p("root"), "--out", p("issuer"), "--name", "mesh issuer 1");
  }

  @Test
  void rootIssuerAndNodeAreWrittenAsTlsSecrets() throws Exception {
    Run root = ok("root", "--out", p("root"), "--name", "mesh root 1");
    assertEquals("root CN=mesh root 1 (valid until 2027-03-01T12:00:00Z): wrote " + p("root/tls.crt")
        + ", " + p("root/tls.key") + " (keep it offline), " + p("root/ca.crt") + "\n", root.out());
    ok("issuer", "--root", p("root"), "--out", p("issuer"), "--name", "mesh issuer 1");
    Run node = ok("node", "--issuer", p("issuer"), "--name", "node-a.mesh", "--dns",
        "incoming.mesh,l5d.default.svc", "--uri", "spiffe://cluster.local/ns/default/sa/l5d",
        "--out", p("node-a"));
    assertTrue(node.out().startsWith("node CN=node-a.mesh (valid until 2026-03-02T12:00:00Z)"),
        node.out());

    X509Certificate rootCert = certsIn("root/ca.crt").get(0);
    assertEquals(List.of(rootCert), certsIn("root/tls.crt"));
    assertEquals(List.of(rootCert), certsIn("issuer/ca.crt"));
    assertEquals(List.of(rootCert), certsIn("node-a/ca.crt"));
    List<X509Certificate> chain = certsIn("node-a/tls.crt");
    assertEquals(2, chain.size(), "the node's certificate, then the issuer");
    assertEquals(certsIn("issuer/tls.crt"), List.of(chain.get(1), rootCert),
        "the issuer's tls.crt: the issuer, then the root");
    assertEquals(List.of(List.of(2, "node-a.mesh"), List.of(2, "incoming.mesh"),
        List.of(2, "l5d.default.svc"), List.of(6, "spiffe://cluster.local/ns/default/sa/l5d")),
        List.copyOf(chain.get(0).getSubjectAlternativeNames()));
    MeshCaTest.validate(chain, rootCert, NOW);
    assertTrue(MeshKeys.matches(Pem.readPrivateKey(Files.readString(dir.resolve("node-a/tls.key"))),
        chain.get(0).getPublicKey()));
    for (String key : List.of("root/tls.key", "issuer/tls.key", "node-a/tls.key")) {
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dir.resolve(key))), key);
    }
    assertEquals(NOW.plus(Duration.ofDays(90)), certsIn("issuer/tls.crt").get(0).getNotAfter()
        .toInstant());
  }

  @Test
  void runningNodeAgainRenewsOnANewKey() throws Exception {
    mesh();
    ok("node", "--issuer", p("issuer"), "--name", "node-a.mesh", "--hours", "1", "--out",
        p("node-a"));
    String key = Files.readString(dir.resolve("node-a/tls.key"));
    X509Certificate first = certsIn("node-a/tls.crt").get(0);
    ok("node", "--issuer", p("issuer"), "--name", "node-a.mesh", "--out", p("node-a"));
    assertNotEquals(key, Files.readString(dir.resolve("node-a/tls.key")));
    assertNotEquals(first, certsIn("node-a/tls.crt").get(0));
    assertEquals(NOW.plus(Duration.ofHours(1)), first.getNotAfter().toInstant());
  }

  @Test
  void aBundleHoldsEachRootOnceAndANodeTakesItAsItsTrust() throws Exception {
    mesh();
    ok("root", "--out", p("root2"), "--name", "mesh root 2");
    Run bundle = ok("bundle", "--out", p("bundle/ca.crt"), p("root"), p("root2/ca.crt"),
        p("root/ca.crt"));
    assertTrue(bundle.out().startsWith("bundle of 2 root(s), CN=mesh root 1 (valid until"),
        bundle.out());
    assertEquals(List.of(certsIn("root/ca.crt").get(0), certsIn("root2/ca.crt").get(0)),
        certsIn("bundle/ca.crt"));
    ok("node", "--issuer", p("issuer"), "--name", "node-a.mesh", "--trust", p("bundle/ca.crt"),
        "--out", p("node-a"));
    assertEquals(certsIn("bundle/ca.crt"), certsIn("node-a/ca.crt"));
    refused(65, "certs node: the trust bundle " + p("root2/ca.crt") + " would not accept it: the"
        + " chain of CN=node-a.mesh does not lead to a root of the bundle ([CN=mesh root 2]):"
        + " Path does not chain with any of the trust anchors", "node", "--issuer", p("issuer"),
        "--name", "node-a.mesh", "--trust", p("root2/ca.crt"), "--out", p("node-x"));
  }

  @Test
  void badArgumentsAreOneLineAndExit64() {
    Run none = certs();
    assertEquals(64, none.code());
    assertTrue(none.err().startsWith("usage: hoplink certs root"), none.err());
    assertTrue(ok("node", "--help").out().contains("hoplink certs bundle --out FILE ROOT..."));
    refused(64, "certs unknown subcommand 'rot' (expected: root, issuer, node or bundle;"
        + " hoplink certs --help)", "rot", "--out", p("x"));
    refused(64, "certs root: --out DIR is required", "root");
    refused(64, "certs root: unknown option --dir (expected: --days, --name, --out)", "root",
        "--dir", p("x"));
    refused(64, "certs root: --days ten (expected: a whole number above 0)", "root", "--out",
        p("x"), "--days", "ten");
    refused(64, "certs root: --out is given twice", "root", "--out", p("x"), "--out", p("y"));
    refused(64, "certs root: --out needs a value", "root", "--out");
    refused(64, "certs node: DNS name '*.mesh' (expected: labels of letters, digits and"
        + " hyphens joined by dots, such as node-a.mesh; no wildcards)", "node", "--issuer",
        p("issuer"), "--name", "*.mesh", "--out", p("n"));
    refused(64, "certs bundle: name at least one ROOT (a certificate file, or a directory"
        + " holding ca.crt)", "bundle", "--out", p("b"));
  }

  @Test
  void missingFilesMismatchedKeysAndLongLifetimesAreRefused() throws Exception {
    refused(66, "certs issuer: cannot read " + p("nowhere/tls.crt") + ": no such file", "issuer",
        "--root", p("nowhere"), "--out", p("issuer"));
    mesh();
    refused(73, "certs root: " + p("root/tls.key") + " exists: a CA's key is never overwritten"
        + " (choose another --out)", "root", "--out", p("root"));
    refused(65, "certs root: the root's lifetime of 36500 days (expected: more than 0, at most"
        + " 1825 days)", "root", "--out", p("century"), "--days", "36500");
    refused(65, "certs issuer: the issuer's lifetime of 366 days (expected: more than 0, at most"
        + " 365 days)", "issuer", "--root", p("root"), "--out", p("i2"), "--days", "366");
    refused(65, "certs node: the certificate's lifetime of 91 days would outlive its CA"
        + " CN=mesh issuer 1, which expires at 2026-05-30T12:00:00Z (in 90 days): ask for less,"
        + " or rotate the CA", "node", "--issuer", p("issuer"), "--name", "a.mesh", "--hours",
        "2184", "--out", p("a"));
    // the root's key beside the issuer's certificate
    Files.createDirectories(dir.resolve("mixed"));
    Files.copy(dir.resolve("issuer/tls.crt"), dir.resolve("mixed/tls.crt"));
    Files.copy(dir.resolve("root/tls.key"), dir.resolve("mixed/tls.key"));
    refused(65, "certs node: " + p("mixed") + ": the key does not belong to the certificate"
        + " CN=mesh issuer 1 (" + p("mixed/tls.crt") + ", " + p("mixed/tls.key") + ")", "node",
        "--issuer", p("mixed"), "--name", "a.mesh", "--trust", p("root/ca.crt"), "--out",
        p("a"));
    Files.writeString(dir.resolve("mixed/tls.key"), "not a key");
    refused(65, "certs node: " + p("mixed/tls.key") + " holds 0 PEM blocks (expected: one"
        + " private key)", "node", "--issuer", p("mixed"), "--name", "a.mesh", "--out", p("a"));
    ok("node", "--issuer", p("issuer"), "--name", "a.mesh", "--out", p("a"));
    refused(65, "certs bundle: " + p("a/tls.crt") + ": the certificate CN=a.mesh is not a CA's"
        + " (basicConstraints CA:false), so it cannot be a trusted root", "bundle", "--out",
        p("b"), p("a/tls.crt"));
    clock = MeshCaTest.at(NOW.plus(Duration.ofDays(400)));
    refused(65, "certs bundle: the root CN=mesh root 1 expired at 2027-03-01T12:00:00Z: a"
        + " bundle holds only roots in force", "bundle", "--out", p("b"), p("root"));
  }
}
