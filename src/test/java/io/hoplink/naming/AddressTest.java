package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Endpoints keep host names as they are and write IPv4 literals in their four-part form. */
class AddressTest {
  private static String host(String written) {
    return Address.of(written, 80).host();
  }

  @Test
  void shortIpv4LiteralsBecomeFourParts() {
    assertEquals("127.0.0.1", host("127.1")); // Linkerd's own examples write it so
    assertEquals("10.1.0.2", host("10.1.2"));
    assertEquals("0.0.0.1", host("1"));
    assertEquals("1.2.255.255", host("1.2.65535"));
    assertEquals("127.0.0.1", host("127.0.0.1"));
  }

  @Test
  void anythingElseIsLeftAsWritten() {
    assertEquals("example.com", host("example.com"));
    assertEquals("::1", host("::1"));
    assertEquals("256.1", host("256.1"));
    assertEquals("127.16777216", host("127.16777216"));
    assertEquals("010.1", host("010.1"), "octal to inet_aton, decimal to the JDK");
    assertEquals("1..2", host("1..2"));
    assertEquals("1.2.3.4.5", host("1.2.3.4.5"));
  }
}
