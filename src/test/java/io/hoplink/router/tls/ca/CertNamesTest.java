package io.hoplink.router.tls.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertNamesTest {
  @Test
  void dnsNamesAreLowerCasedAndEachKeptOnce() {
    CertNames names = CertNames.dns("Node-A.Mesh", "node-a.mesh", "incoming.mesh");
    assertEquals(List.of("node-a.mesh", "incoming.mesh"), names.dnsNames());
    assertEquals(Optional.of("node-a.mesh"), names.commonName());
    assertEquals(List.of(URI.create("spiffe://cluster.local/ns/default/sa/l5d")),
        names.withUri("spiffe://cluster.local/ns/default/sa/l5d").uris());
  }

  @Test
  void wildcardsAndMalformedNamesAreRefusedSayingWhatWasExpected() {
    for (String bad : List.of("*.mesh", "", "a..mesh", "-a.mesh", "a.mesh.", "a_b.mesh",
        "a".repeat(64) + ".mesh")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CertNames.dns(bad));
      assertEquals("DNS name '" + bad + "' (expected: labels of letters, digits and hyphens"
          + " joined by dots, such as node-a.mesh; no wildcards)", e.getMessage());
    }
  }

  @Test
  void urisMustBeAbsoluteAndSpiffeIdsWellFormed() {
    assertThrows(IllegalArgumentException.class, () -> CertNames.dns("a.mesh").withUri("l5d"));
    assertThrows(IllegalArgumentException.class,
        () -> CertNames.dns("a.mesh").withUri("spiffe://cluster.local:8080/ns/a"));
    assertThrows(IllegalArgumentException.class,
        () -> CertNames.dns("a.mesh").withUri("spiffe://cluster.local/ns/a?x=1"));
    assertThrows(IllegalArgumentException.class,
        () -> CertNames.dns("a.mesh").withUri("a b://c"));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new CertNames(List.of(), List.of()));
    assertEquals("a certificate needs at least one DNS name or URI", none.getMessage());
  }
}
