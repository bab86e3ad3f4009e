package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsiDriverAttributesTest {
  private static final CsiDriverAttributes.Pod POD =
      new CsiDriverAttributes.Pod("l5d-x7k2p", "default", "u-1", "l5d");

  @Test
  void whatIsLeftOutIsCsiDriversDefault() {
    CsiDriverAttributes attributes =
        CsiDriverAttributes.of(Map.of("csi.cert-manager.io/issuer-name", "ca"));
    assertEquals(List.of("Issuer", "cert-manager.io", "RSA", "PKCS1", "2048"), List.of(
        attributes.get("issuer-kind").orElseThrow(), attributes.get("issuer-group").orElseThrow(),
        attributes.keyAlgorithm(), attributes.keyEncoding(),
        attributes.get("key-size").orElseThrow()));
    assertEquals(List.of("tls.crt", "tls.key", "ca.crt"), List.of(attributes.certificateFile(),
        attributes.privateKeyFile(), attributes.caFile()));
    assertEquals(List.of("digital signature", "key encipherment"), attributes.keyUsages());
    assertEquals(Duration.ofDays(30), attributes.duration());
    assertEquals(Duration.ofDays(10), attributes.renewBefore());
    assertEquals(List.of(), attributes.dnsNames(POD));
  }

  @Test
  void theNamesTakeThePodsVariables() {
    CsiDriverAttributes attributes = CsiDriverAttributes.of(Map.of(
        "csi.cert-manager.io/issuer-name", "ca",
        "csi.cert-manager.io/dns-names", "${POD_NAME}.$POD_NAMESPACE, ${SERVICE_ACCOUNT_NAME}.mesh",
        "csi.cert-manager.io/uri-sans", "spiffe://td/pod/${POD_UID}"));
    assertEquals(List.of("l5d-x7k2p.default", "l5d.mesh"), attributes.dnsNames(POD));
    assertEquals(List.of("spiffe://td/pod/u-1"), attributes.uriSans(POD));
    CsiDriverAttributes unknown = CsiDriverAttributes.of(Map.of(
        "csi.cert-manager.io/issuer-name", "ca", "csi.cert-manager.io/dns-names", "${NODE_NAME}"));
    String refused =
        assertThrows(IllegalArgumentException.class, () -> unknown.dnsNames(POD)).getMessage();
    assertTrue(refused.startsWith("undefined variable 'NODE_NAME' in '${NODE_NAME}'"), refused);
  }

  @Test
  void whatCsiDriverRefusesIsRefused() {
    assertEquals("csi.cert-manager.io/dns-name: not an attribute of csi.cert-manager.io",
        assertThrows(IllegalArgumentException.class, () -> CsiDriverAttributes.of(Map.of(
            "csi.cert-manager.io/issuer-name", "ca", "csi.cert-manager.io/dns-name", "a")))
            .getMessage());
    assertEquals("csi.cert-manager.io/issuer-name is required", assertThrows(
        IllegalArgumentException.class, () -> CsiDriverAttributes.of(Map.of())).getMessage());
    assertEquals("key-encoding PKCS1 is for RSA keys only", assertThrows(
        IllegalArgumentException.class, () -> CsiDriverAttributes.of(Map.of(
            "csi.cert-manager.io/issuer-name", "ca", "csi.cert-manager.io/key-algorithm", "ecdsa",
            "csi.cert-manager.io/key-encoding", "pkcs1"))).getMessage());
  }

  @Test
  void durationsAreGoDurations() {
    assertEquals(Duration.ofMinutes(90), CsiDriverAttributes.goDuration("1h30m"));
    assertEquals(Duration.ofMillis(1500), CsiDriverAttributes.goDuration("1.5s"));
    assertEquals(Duration.ofMillis(20), CsiDriverAttributes.goDuration("20ms"));
    assertThrows(IllegalArgumentException.class, () -> CsiDriverAttributes.goDuration("1d"));
    // a renew-before as long as the lifetime would renew at once: csi-driver takes a third
    assertEquals(Duration.ofHours(8), CsiDriverAttributes.of(Map.of(
        "csi.cert-manager.io/issuer-name", "ca", "csi.cert-manager.io/duration", "24h",
        "csi.cert-manager.io/renew-before", "24h")).renewBefore());
  }
}
