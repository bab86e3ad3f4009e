package io.hoplink.router.tls.ca;

import static io.hoplink.router.tls.ca.MeshCaTest.ISSUER;
import static io.hoplink.router.tls.ca.MeshCaTest.NOW;
import static io.hoplink.router.tls.ca.MeshCaTest.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as the CA writes them, and trust bundles across a CA rollover. */
class PemFilesTest {
  @TempDir Path dir;

  @Test
  void keysAreWrittenOwnerOnlyAndCertificatesReadableAndNothingIsLeftBeside() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    Path key = dir.resolve("tls.key");
    Path crt = dir.resolve("tls.crt");
    PemFiles.writeSecret(key, Pem.privateKey(keys.getPrivate()));
    PemFiles.writePublic(crt, Pem.certificates(ISSUER.chain()));
    PemFiles.writeSecret(key, Pem.privateKey(keys.getPrivate())); // again: replaced whole
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(crt)));
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8");
    assertEquals(keys.getPrivate(), Pem.readPrivateKey(Files.readString(key)));
    assertEquals(ISSUER.chain(), Pem.readCertificates(Files.readString(crt)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("tls.crt", "tls.key"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aBundleOfTheOldAndNewRootsTrustsLeavesOfEitherUntilTheOldOneGoes() {
    MeshCa newRoot = MeshCa.newRoot("mesh root 2", MeshCa.ROOT_LIFETIME, MeshCaTest.CLOCK);
    MeshCa newIssuer = newRoot.newIssuer("mesh issuer 2", MeshCa.ISSUER_LIFETIME);
    IssuedCert oldLeaf = ISSUER.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
        MeshCa.LEAF_LIFETIME);
    IssuedCert newLeaf = newIssuer.issue(MeshKeys.newEcP256().getPublic(),
        CertNames.dns("b.mesh"), MeshCa.LEAF_LIFETIME);
    TrustBundle old = TrustBundle.read(Pem.certificates(List.of(ROOT.certificate())));
    TrustBundle fresh = TrustBundle.read(Pem.certificates(List.of(newRoot.certificate())));
    TrustBundle both = TrustBundle.of(List.of(old, fresh, old));
    assertEquals(List.of(ROOT.certificate(), newRoot.certificate()), both.roots(), "each once");
    both.verify(oldLeaf.chain(), NOW);
    both.verify(newLeaf.chain(), NOW);
    TrustBundle.read(both.pem()).verify(newLeaf.chain(), NOW);
    fresh.verify(newLeaf.chain(), NOW);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fresh.verify(oldLeaf.chain(), NOW));
    assertTrue(e.getMessage().startsWith("the chain of CN=a.mesh does not lead to a root of the"
        + " bundle ([CN=mesh root 2])"), e.getMessage());
    assertEquals(List.of(), both.expiredAt(NOW));
    assertEquals(List.of(ROOT.certificate(), newRoot.certificate()),
        both.expiredAt(NOW.plus(MeshCa.ROOT_LIFETIME)));
  }

  @Test
  void aBundleHoldsCaCertificatesOnly() {
    IssuedCert leaf = ISSUER.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
        MeshCa.LEAF_LIFETIME);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustBundle.read(leaf.chainPem()));
    assertEquals("the certificate CN=a.mesh is not a CA's (basicConstraints CA:false), so it"
        + " cannot be a trusted root", e.getMessage());
  }

  @Test
  void privateKeysInTheFormatsOpensslWritesAreRead() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    Path pkcs8 = dir.resolve("k8.pem");
    Files.writeString(pkcs8, Pem.privateKey(keys.getPrivate()));
    Path sec1 = dir.resolve("sec1.pem");
    Process p = new ProcessBuilder("openssl", "ec", "-in", pkcs8.toString(), "-out",
        sec1.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
    assertTrue(Files.readString(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----"));
    assertTrue(MeshKeys.matches(Pem.readPrivateKey(Files.readString(sec1)), keys.getPublic()));
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> Pem.readPrivateKey(Files.readString(pkcs8) + Files.readString(sec1)));
    assertEquals("holds 2 PEM blocks (expected: one private key)", two.getMessage());
    IllegalArgumentException cert = assertThrows(IllegalArgumentException.class,
        () -> Pem.readPrivateKey(Pem.certificates(List.of(ROOT.certificate()))));
    assertEquals("holds a certificate (expected: an unencrypted private key)", cert.getMessage());
  }
}
