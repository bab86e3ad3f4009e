package io.hoplink.router.tls.ca;

import static io.hoplink.router.tls.ca.MeshCaTest.ISSUER;
import static io.hoplink.router.tls.ca.MeshCaTest.NOW;
import static io.hoplink.router.tls.ca.MeshCaTest.ROOT;
import static io.hoplink.router.tls.ca.MeshCaTest.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MeshCa.sign}: the path an identity issuer takes with a router's certificate request.
 * The key comes from the request once its signature shows the sender holds the private key;
 * the names come from the caller, whatever the request asks for.
 */
class SignRequestTest {
  @TempDir Path dir;

  /** A request for {@code subjectKey}, signed by {@code signer}, asking for admin.mesh. */
  static String csr(KeyPair subjectKey, PrivateKey signer) throws Exception {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "admin.mesh")));
    byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=admin.mesh"),
        subjectKey.getPublic())
        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)).getEncoded();
    return "-----BEGIN CERTIFICATE REQUEST-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE REQUEST-----\n";
  }

  @Test
  void theKeyIsTheRequestsAndTheNamesAreTheCallers() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    IssuedCert issued = ISSUER.sign(csr(keys, keys.getPrivate()),
        CertNames.dns("node-a.mesh").withUri("spiffe://cluster.local/ns/default/sa/l5d"),
        MeshCa.LEAF_LIFETIME);
    X509Certificate leaf = issued.certificate();
    assertEquals(keys.getPublic(), leaf.getPublicKey());
    assertEquals("CN=node-a.mesh", leaf.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(2, "node-a.mesh"),
        List.of(6, "spiffe://cluster.local/ns/default/sa/l5d")),
        List.copyOf(leaf.getSubjectAlternativeNames()), "admin.mesh, asked for, is not there");
    assertEquals(NOW.plus(Duration.ofHours(24)), issued.notAfter());
    validate(issued.chain(), ROOT.certificate(), NOW);
  }

  @Test
  void aRequestFromNewRequestRoundTripsToACertificateForItsKey() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    String pem = CertificateRequests.newRequest(keys, "asks-for-this.mesh");
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"), pem);
    assertEquals(keys.getPublic(), CertificateRequests.verifiedKey(pem));
    IssuedCert issued = ISSUER.sign(pem, CertNames.dns("node-a.mesh"), Duration.ofSeconds(6));
    assertEquals(keys.getPublic(), issued.certificate().getPublicKey());
    assertEquals("CN=node-a.mesh", issued.certificate().getSubjectX500Principal().getName());
    assertEquals(NOW.plusSeconds(6), issued.notAfter());
    validate(issued.chain(), ROOT.certificate(), NOW);
  }

  @Test
  void aRequestSignedByAnotherKeyIsRefused() throws Exception {
    KeyPair victim = MeshKeys.newEcP256();
    KeyPair attacker = MeshKeys.newEcP256();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ISSUER.sign(csr(victim, attacker.getPrivate()), CertNames.dns("a.mesh"),
            MeshCa.LEAF_LIFETIME));
    assertEquals("the certificate request's signature does not verify with its own key:"
        + " whoever sent it may not hold the private key", e.getMessage());
  }

  @Test
  void aRequestWhoseSignatureWasAlteredIsRefused() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    String pem = csr(keys, keys.getPrivate());
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    der[der.length - 3] ^= 0x01; // inside the signature's last integer
    String altered = "-----BEGIN CERTIFICATE REQUEST-----\n"
        + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ISSUER.sign(altered, CertNames.dns("a.mesh"), MeshCa.LEAF_LIFETIME));
    assertTrue(e.getMessage().startsWith("the certificate request's signature"), e.getMessage());
  }

  @Test
  void whatIsNotARequestIsRefusedSayingWhatItHeld() {
    IllegalArgumentException cert = assertThrows(IllegalArgumentException.class,
        () -> ISSUER.sign(Pem.certificates(ISSUER.chain()), CertNames.dns("a.mesh"),
            MeshCa.LEAF_LIFETIME));
    assertEquals("the certificate request holds a certificate (expected: one PEM certificate"
        + " request)", cert.getMessage());
    IllegalArgumentException junk = assertThrows(IllegalArgumentException.class,
        () -> ISSUER.sign("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
            + "-----END CERTIFICATE REQUEST-----\n", CertNames.dns("a.mesh"),
            MeshCa.LEAF_LIFETIME));
    assertTrue(junk.getMessage().startsWith("the certificate request holds a PEM block that"
        + " does not parse"), junk.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ISSUER.sign("", CertNames.dns("a.mesh"), MeshCa.LEAF_LIFETIME));
  }

  @Test
  void aRequestMadeByOpensslIsSigned() throws Exception {
    Path key = dir.resolve("node.key");
    Path csr = dir.resolve("node.csr");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
        key.toString());
    openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=whatever", "-out",
        csr.toString());
    IssuedCert issued = ISSUER.sign(Files.readString(csr), CertNames.dns("node-b.mesh"),
        Duration.ofHours(1));
    assertEquals(Pem.readPrivateKey(Files.readString(key)).getAlgorithm(),
        issued.certificate().getPublicKey().getAlgorithm());
    assertTrue(MeshKeys.matches(Pem.readPrivateKey(Files.readString(key)),
        issued.certificate().getPublicKey()));
    validate(issued.chain(), ROOT.certificate(), NOW);
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }
}
