package io.hoplink.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a certificate's names may hold cannot add fields to x-forwarded-client-cert. */
class ClientCertHeaderTest {
  @Test
  void plainNamesStayAndOthersAreQuoted() {
    assertEquals("web.mesh", ClientCertHeader.value("web.mesh"));
    assertEquals("spiffe://mesh/ns/default/sa/web",
        ClientCertHeader.value("spiffe://mesh/ns/default/sa/web"));
    assertEquals("\"spiffe://t/x;DNS=admin\"", ClientCertHeader.value("spiffe://t/x;DNS=admin"));
    assertEquals("\"a\\\"b\\\\c\"", ClientCertHeader.value("a\"b\\c"));
  }

  @Test
  void controlAndNonAsciiCharactersCannotReachTheHeader() {
    assertEquals("a?b?c", ClientCertHeader.value("a\nb\u00e9c"));
  }
}
