package io.hoplink.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdentityTest {
  @TempDir Path dir;

  @Test
  void aCertificateIsNamedByItsFirstDnsName() throws Exception {
    TestCerts certs = new TestCerts(dir);
    certs.ca("ca");
    certs.leaf("node", "node-1.mesh", "ca");
    try (var in = Files.newInputStream(certs.pem("node"))) {
      var cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
      assertEquals(Optional.of("node-1.mesh"), PeerIdentity.of(List.of(cert)));
    }
    assertEquals(Optional.empty(), PeerIdentity.of(List.of()));
  }

  @Test
  void aNameCannotSplitOrForgeAMetricName() {
    assertEquals("spiffe:__cluster.local_ns_default_sa_l5d",
        PeerIdentity.safe("spiffe://cluster.local/ns/default/sa/l5d"));
    assertEquals("a_b__c_", PeerIdentity.safe("a/b\n\"c}"));
    assertEquals("_", PeerIdentity.safe(""));
    assertEquals(PeerIdentity.MAX_LENGTH, PeerIdentity.safe("x".repeat(1000)).length());
    assertEquals("__", PeerIdentity.safe("é\u0000"));
  }
}
