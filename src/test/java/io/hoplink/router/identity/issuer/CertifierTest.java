package io.hoplink.router.identity.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hoplink.namers.k8s.TokenReviewer;
import io.hoplink.router.identity.TestMesh;
import io.hoplink.router.tls.ca.CertificateRequests;
import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.MeshKeys;
import io.hoplink.router.tls.ca.TrustBundle;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The issuer's decision: names from the TokenReview, and every refusal. */
class CertifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TestMesh MESH = new TestMesh(CLOCK);
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

  private final List<String> reviewed = new ArrayList<>();

  private static TokenReviewer.Review serviceAccount(String ns, String name,
      Map<String, List<String>> extra) {
    return new TokenReviewer.Review(true, "system:serviceaccount:" + ns + ":" + name, extra,
        List.of("hoplink-identity"), Optional.empty());
  }

  private Certifier certifier(TokenReviewer reviewer, MeshCa issuer) {
    return new Certifier(() -> issuer, token -> {
      reviewed.add(token);
      return reviewer.review(token);
    }, Optional.of("hoplink-identity"), Set.of("default/l5d", "mesh/router.v2"), "cluster.local",
        Duration.ofHours(24), CLOCK);
  }

  private Certifier answering(TokenReviewer.Review review) {
    return certifier(token -> review, MESH.issuer);
  }

  private static String csr(KeyPair keys) {
    return CertificateRequests.newRequest(keys, "admin.mesh");
  }

  @Test
  void aServiceAccountGetsItsNamesForTheKeyOfItsRequest() throws Exception {
    KeyPair keys = MeshKeys.newEcP256();
    Certifier.Outcome outcome = answering(serviceAccount("default", "l5d", Map.of(
        TokenReviewer.POD_NAME, List.of("l5d-x7k2p"), TokenReviewer.NODE_NAME, List.of("node-a"))))
        .certify(TOKEN, csr(keys));
    Certifier.Certified certified = assertInstanceOf(Certifier.Certified.class, outcome);
    assertEquals(List.of(TOKEN), reviewed);
    assertEquals("default/l5d", certified.account());
    assertEquals("pod l5d-x7k2p on node node-a", certified.origin());
    X509Certificate leaf = certified.certificate().certificate();
    assertEquals(keys.getPublic(), leaf.getPublicKey());
    assertEquals("CN=l5d.default.serviceaccount.identity.hoplink.cluster.local",
        leaf.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(2, "l5d.default.serviceaccount.identity.hoplink.cluster.local"),
        List.of(6, "spiffe://cluster.local/ns/default/sa/l5d")),
        List.copyOf(leaf.getSubjectAlternativeNames()));
    assertEquals(NOW.plus(Duration.ofHours(24)), certified.certificate().notAfter());
    new TrustBundle(List.of(MESH.root.certificate())).verify(certified.certificate().chain(), NOW);
  }

  @Test
  void anAccountNameWithDotsKeepsThem() {
    Certifier.Certified certified = assertInstanceOf(Certifier.Certified.class,
        answering(serviceAccount("mesh", "router.v2", Map.of()))
            .certify(TOKEN, csr(MeshKeys.newEcP256())));
    assertEquals("router.v2.mesh.serviceaccount.identity.hoplink.cluster.local",
        certified.certificate().certificate().getSubjectX500Principal().getName().substring(3));
    assertEquals("the token names no pod", certified.origin());
  }

  private static void assertRefused(Certifier.Outcome outcome, int status, String kind,
      String reason) {
    Certifier.Refused refused = assertInstanceOf(Certifier.Refused.class, outcome);
    assertEquals(List.of(status, kind, reason), List.of(refused.status(), refused.kind(),
        refused.reason()));
  }

  @Test
  void tokensTheApiDoesNotVouchForAreRefused() {
    String csr = csr(MeshKeys.newEcP256());
    assertRefused(answering(new TokenReviewer.Review(false, "", Map.of(), List.of(),
        Optional.of("[invalid bearer token, token has been invalidated]"))).certify(TOKEN, csr),
        403, "token not authenticated", "the token is not authenticated by the Kubernetes API"
            + " ([invalid bearer token, token has been invalidated])");
    assertRefused(answering(new TokenReviewer.Review(true, "system:serviceaccount:default:l5d",
        Map.of(), List.of("https://kubernetes.default.svc"), Optional.empty())).certify(TOKEN, csr),
        403, "token for another audience", "the token is not for audience hoplink-identity (it"
            + " is for [https://kubernetes.default.svc])");
    assertRefused(answering(new TokenReviewer.Review(true, "jane@example.com", Map.of(),
        List.of("hoplink-identity"), Optional.empty())).certify(TOKEN, csr),
        403, "not a service account", "the token is not a service account's (user"
            + " jane@example.com)");
    assertRefused(answering(serviceAccount("default", "hello", Map.of())).certify(TOKEN, csr),
        403, "service account not allowed", "service account default/hello may not have a"
            + " certificate (serviceAccounts)");
  }

  @Test
  void anApiThatDoesNotAnswerIsA503() {
    assertRefused(certifier(token -> {
      throw new IllegalStateException("Failed to connect to /127.0.0.1:8001");
    }, MESH.issuer).certify(TOKEN, csr(MeshKeys.newEcP256())), 503,
        "Kubernetes API unavailable", "the Kubernetes API could not review the token: Failed"
            + " to connect to /127.0.0.1:8001");
  }

  @Test
  void aRequestNotSignedByItsKeyIsRefusedAfterTheReview() throws Exception {
    KeyPair victim = MeshKeys.newEcP256();
    byte[] der = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
        new javax.security.auth.x500.X500Principal("CN=x"), victim.getPublic())
        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
            .build(MeshKeys.newEcP256().getPrivate())).getEncoded();
    String forged = "-----BEGIN CERTIFICATE REQUEST-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE REQUEST-----\n";
    assertRefused(answering(serviceAccount("default", "l5d", Map.of())).certify(TOKEN, forged),
        400, "bad certificate request", "the certificate request's signature does not verify"
            + " with its own key: whoever sent it may not hold the private key");
  }

  @Test
  void nearItsEndTheIssuerCutsCertificatesShortAndOnceExpiredItRefuses() {
    TestMesh ending = new TestMesh(CLOCK, Duration.ofHours(2));
    Certifier.Certified certified = assertInstanceOf(Certifier.Certified.class,
        certifier(token -> serviceAccount("default", "l5d", Map.of()), ending.issuer)
            .certify(TOKEN, csr(MeshKeys.newEcP256())));
    assertEquals(NOW.plus(Duration.ofHours(2)).minusSeconds(1), certified.certificate().notAfter());

    Clock later = Clock.fixed(NOW.plus(Duration.ofHours(3)), ZoneOffset.UTC);
    assertRefused(new Certifier(() -> ending.issuer, token -> serviceAccount("default", "l5d",
        Map.of()), Optional.empty(), Set.of("default/l5d"), "cluster.local", Duration.ofHours(24),
        later).certify(TOKEN, csr(MeshKeys.newEcP256())), 503, "issuer expired",
        "the issuer expired at " + NOW.plus(Duration.ofHours(2)) + ": rotate it");
  }
}
