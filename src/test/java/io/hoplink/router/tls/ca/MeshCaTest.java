package io.hoplink.router.tls.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The root, issuer and leaf certificates the mesh CA makes, on a fixed clock. */
class MeshCaTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final MeshCa ROOT = MeshCa.newRoot("mesh root 1", MeshCa.ROOT_LIFETIME, CLOCK);
  static final MeshCa ISSUER = ROOT.newIssuer("mesh issuer 1", MeshCa.ISSUER_LIFETIME);

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** The JDK's own path validation, as a TLS peer does it, at {@code at}. */
  static void validate(List<X509Certificate> chain, X509Certificate root, Instant at)
      throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
  }

  @Test
  void aRootIsASelfSignedCaOnAP256KeyForAYear() throws Exception {
    X509Certificate root = ROOT.certificate();
    assertEquals("CN=mesh root 1", root.getSubjectX500Principal().getName());
    assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
    root.verify(root.getPublicKey());
    assertEquals(Integer.MAX_VALUE, root.getBasicConstraints(), "CA:true, no path length limit");
    assertTrue(root.getKeyUsage()[5], "keyCertSign");
    assertTrue(root.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
    assertEquals(256, ((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField()
        .getFieldSize());
    assertEquals("SHA256withECDSA", root.getSigAlgName());
    assertEquals(NOW.minus(MeshCa.BACKDATE), root.getNotBefore().toInstant());
    assertEquals(NOW.plus(Duration.ofDays(365)), root.getNotAfter().toInstant());
    assertEquals(List.of(root), ROOT.chain());
  }

  @Test
  void anIssuerIsSignedByTheRootAndSignsLeavesOnly() throws Exception {
    X509Certificate issuer = ISSUER.certificate();
    assertEquals("CN=mesh issuer 1", issuer.getSubjectX500Principal().getName());
    assertEquals("CN=mesh root 1", issuer.getIssuerX500Principal().getName());
    issuer.verify(ROOT.certificate().getPublicKey());
    assertEquals(0, issuer.getBasicConstraints(), "pathLen 0");
    assertTrue(issuer.getKeyUsage()[5], "keyCertSign");
    assertEquals(NOW.plus(Duration.ofDays(90)), issuer.getNotAfter().toInstant());
    validate(List.of(issuer), ROOT.certificate(), NOW);
    assertEquals(List.of(issuer), ISSUER.chain(), "the root is not part of a chain sent");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ISSUER.newIssuer("nested", Duration.ofDays(1)));
    assertTrue(e.getMessage().contains("is an issuer (pathLen 0)"), e.getMessage());
  }

  @Test
  void aLeafChainVerifiesWithTheJdksCertPathValidator() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    CertNames names = CertNames.dns("node-a.mesh", "incoming.mesh")
        .withUri("spiffe://cluster.local/ns/default/sa/l5d");
    IssuedCert issued = ISSUER.issue(keys.getPublic(), names, MeshCa.LEAF_LIFETIME);
    X509Certificate leaf = issued.certificate();
    assertEquals(List.of(leaf, ISSUER.certificate()), issued.chain());
    validate(issued.chain(), ROOT.certificate(), NOW);
    // valid from 5 minutes ago (clock skew) for 24 h
    validate(issued.chain(), ROOT.certificate(), NOW.minus(Duration.ofMinutes(4)));
    assertThrows(CertPathValidatorException.class, () -> validate(issued.chain(),
        ROOT.certificate(), NOW.plus(Duration.ofHours(24)).plusSeconds(1)));
    assertEquals(NOW.minus(Duration.ofMinutes(5)), leaf.getNotBefore().toInstant());
    assertEquals(NOW.plus(Duration.ofHours(24)), leaf.getNotAfter().toInstant());
    assertEquals(keys.getPublic(), leaf.getPublicKey());
    assertEquals("CN=node-a.mesh", leaf.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(2, "node-a.mesh"), List.of(2, "incoming.mesh"),
        List.of(6, "spiffe://cluster.local/ns/default/sa/l5d")),
        List.copyOf(leaf.getSubjectAlternativeNames()));
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage(),
        "serverAuth and clientAuth");
    assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
    boolean[] usage = leaf.getKeyUsage();
    assertTrue(usage[0] && !usage[2] && !usage[5], "digitalSignature only for an EC key");
    assertFalse(leaf.getSerialNumber().signum() <= 0);
    assertTrue(leaf.getSerialNumber().bitLength() > 64, "random serials");
  }

  @Test
  void aLeafWithOnlyAUriHasAnEmptySubjectAndCriticalNames() throws Exception {
    IssuedCert issued = ISSUER.issue(MeshKeys.newEcP256().getPublic(),
        new CertNames(List.of(), List.of(URI.create("spiffe://cluster.local/ns/a/sa/b"))),
        Duration.ofHours(1));
    X509Certificate leaf = issued.certificate();
    assertEquals("", leaf.getSubjectX500Principal().getName());
    assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"));
    validate(issued.chain(), ROOT.certificate(), NOW);
  }

  @Test
  void anRsaKeyIsCertifiedWithKeyEnciphermentAndAWeakOneIsRefused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    X509Certificate leaf = ISSUER.issue(rsa.generateKeyPair().getPublic(),
        CertNames.dns("rsa.mesh"), Duration.ofHours(1)).certificate();
    assertTrue(leaf.getKeyUsage()[0] && leaf.getKeyUsage()[2]);
    rsa.initialize(1024);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ISSUER.issue(
        rsa.generateKeyPair().getPublic(), CertNames.dns("weak.mesh"), Duration.ofHours(1)));
    assertEquals("an RSA key of 1024 bits (expected: EC P-256, EC P-384, or RSA of at least"
        + " 2048 bits)", e.getMessage());
  }

  @Test
  void aLeafMayNotOutliveItsIssuer() {
    // 12 hours before the issuer expires: a day is refused, 12 hours is not
    Instant late = ISSUER.certificate().getNotAfter().toInstant().minus(Duration.ofHours(12));
    MeshCa lateIssuer = load(ISSUER, at(late));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lateIssuer.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
            Duration.ofHours(24)));
    assertEquals("the certificate's lifetime of 1 day would outlive its CA CN=mesh issuer 1, which"
        + " expires at 2026-05-30T12:00:00Z (in 12 h): ask for less, or rotate the CA",
        e.getMessage());
    IssuedCert last = lateIssuer.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
        Duration.ofHours(12));
    assertEquals(ISSUER.certificate().getNotAfter(), last.certificate().getNotAfter());
  }

  @Test
  void anIssuerMayNotOutliveItsRootNorARootFiveYears() {
    IllegalArgumentException issuer = assertThrows(IllegalArgumentException.class,
        () -> ROOT.newIssuer("long", Duration.ofDays(366)));
    assertEquals("the issuer's lifetime of 366 days (expected: more than 0, at most 365 days)",
        issuer.getMessage());
    MeshCa lateRoot = load(ROOT, at(NOW.plus(Duration.ofDays(300))));
    assertThrows(IllegalArgumentException.class,
        () -> lateRoot.newIssuer("past the root", Duration.ofDays(90)));
    IllegalArgumentException root = assertThrows(IllegalArgumentException.class,
        () -> MeshCa.newRoot("century", Duration.ofDays(36500), CLOCK));
    assertEquals("the root's lifetime of 36500 days (expected: more than 0, at most 1825 days)",
        root.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ISSUER.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
            Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> ISSUER.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
            Duration.ofHours(-1)));
  }

  @Test
  void anExpiredOrNotYetValidCaSignsNothing() {
    for (Instant when : List.of(NOW.plus(Duration.ofDays(91)), NOW.minus(Duration.ofDays(1)))) {
      MeshCa issuer = load(ISSUER, at(when));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> issuer.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("a.mesh"),
              Duration.ofMinutes(1)));
      assertTrue(e.getMessage().startsWith("the CA CN=mesh issuer 1 is valid from"),
          e.getMessage());
    }
  }

  @Test
  void aLoadedIssuerSignsLikeTheOneThatWasMade() throws Exception {
    MeshCa loaded = MeshCa.load(Pem.certificates(ISSUER.chain()), ISSUER.privateKeyPem(), CLOCK);
    assertEquals(ISSUER.certificate(), loaded.certificate());
    IssuedCert issued = loaded.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("b.mesh"),
        MeshCa.LEAF_LIFETIME);
    validate(issued.chain(), ROOT.certificate(), NOW);
    // a chain file holding the root too: the root is still not sent
    MeshCa withRoot = MeshCa.load(Pem.certificates(List.of(ISSUER.certificate(),
        ROOT.certificate())), ISSUER.privateKeyPem(), CLOCK);
    assertEquals(2, withRoot.issue(MeshKeys.newEcP256().getPublic(), CertNames.dns("b.mesh"),
        MeshCa.LEAF_LIFETIME).chain().size());
  }

  @Test
  void aKeyThatDoesNotMatchItsCertificateOrALeafIsNoCa() {
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> MeshCa.load(Pem.certificates(ISSUER.chain()), ROOT.privateKeyPem(), CLOCK));
    assertEquals("the key does not belong to the certificate CN=mesh issuer 1",
        mismatch.getMessage());
    KeyPair keys = MeshKeys.newEcP256();
    IssuedCert leaf = ISSUER.issue(keys.getPublic(), CertNames.dns("c.mesh"), Duration.ofHours(1));
    IllegalArgumentException notCa = assertThrows(IllegalArgumentException.class,
        () -> MeshCa.load(leaf.chainPem(), Pem.privateKey(keys.getPrivate()), CLOCK));
    assertEquals("the certificate CN=c.mesh is not a CA's (basicConstraints CA:false)",
        notCa.getMessage());
    IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class,
        () -> MeshCa.load("not a certificate", ISSUER.privateKeyPem(), CLOCK));
    assertEquals("holds no PEM certificate", notPem.getMessage());
  }

  @Test
  void eachCaKeyIsItsOwn() {
    MeshCa other = MeshCa.newRoot("mesh root 1", MeshCa.ROOT_LIFETIME, CLOCK);
    assertFalse(other.certificate().getPublicKey().equals(ROOT.certificate().getPublicKey()));
    assertFalse(other.certificate().getSerialNumber().equals(ROOT.certificate().getSerialNumber()));
  }

  static MeshCa load(MeshCa ca, Clock clock) {
    return MeshCa.load(Pem.certificates(ca.chain()), ca.privateKeyPem(), clock);
  }
}
