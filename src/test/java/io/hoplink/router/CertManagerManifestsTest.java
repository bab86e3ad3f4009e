package io.hoplink.router;

import static io.hoplink.router.ManifestVariant.volumeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cert-manager variant in daemonset/mtls/cert-manager: a CA ClusterIssuer, the routers'
 * config, and the DaemonSet whose pods get their certificates from cert-manager's csi-driver.
 * Every object is read strictly by {@link ManifestsTest} (the ClusterIssuer against the fields
 * it may have); here the config is checked as {@code hoplink check} would, the volume's
 * attributes are read as csi-driver reads them ({@link CsiDriverAttributes}), and the two are
 * checked to meet: the files, the name the clients check, the SPIFFE ID, the usages, the lifetime,
 * the issuer, who may read the key.
 */
class CertManagerManifestsTest {
  private static final ManifestVariant CERT_MANAGER =
      new ManifestVariant("daemonset/mtls/cert-manager");
  private static final Pattern UNREADABLE = Pattern.compile("'([^']+)' cannot be read here");

  private static PodSpec routerPod() {
    return CERT_MANAGER.routerPod();
  }

  private static Volume csiVolume() {
    List<Volume> csi = routerPod().getVolumes().stream().filter(v -> v.getCsi() != null).toList();
    assertEquals(1, csi.size(), csi::toString);
    assertEquals(CsiDriverAttributes.DRIVER, csi.get(0).getCsi().getDriver());
    return csi.get(0);
  }

  private static CsiDriverAttributes attributes() {
    return CsiDriverAttributes.of(csiVolume().getCsi().getVolumeAttributes());
  }

  /** A pod of the DaemonSet, as csi-driver sees it. */
  private static CsiDriverAttributes.Pod pod() {
    return new CsiDriverAttributes.Pod("l5d-x7k2p", CERT_MANAGER.daemonSet().getMetadata()
        .getNamespace(), "0b5e7c1a-4f0e-4b8e-9d7a-3c2f1e0d9b8a", routerPod().getServiceAccountName());
  }

  /** The ConfigMap hoplink-trust's volume: the roots, kept apart from csi-driver's ca.crt. */
  private static Volume trustVolume() {
    return routerPod().getVolumes().stream().filter(v -> v.getConfigMap() != null
        && v.getConfigMap().getName().equals("hoplink-trust")).findFirst()
        .orElseThrow(() -> new AssertionError("no volume of the ConfigMap hoplink-trust"));
  }

  private static VolumeMount mount(Volume volume) {
    return CERT_MANAGER.router().getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume.getName())).findFirst()
        .orElseThrow(() -> new AssertionError(volume.getName() + " is not mounted"));
  }

  @Test
  void theVariantIsTheIssuerTheConfigAndTheDaemonSet() {
    assertEquals(List.of("issuer.yaml", "l5d-config.yaml", "l5d.yaml"), CERT_MANAGER.fileNames());
  }

  @Test
  void theVolumeAsksACaClusterIssuerOfTheVariant() {
    CsiDriverAttributes attributes = attributes();
    String apiVersion = attributes.get("issuer-group").orElseThrow() + "/v1";
    String kind = attributes.get("issuer-kind").orElseThrow();
    String name = attributes.get("issuer-name").orElseThrow();
    List<GenericKubernetesResource> issuers = CERT_MANAGER.custom(apiVersion, kind).stream()
        .filter(i -> i.getMetadata().getName().equals(name)).toList();
    assertEquals(1, issuers.size(), apiVersion + " " + kind + " " + name);
    assertEquals("ClusterIssuer", issuers.get(0).getKind());
    assertNull(issuers.get(0).getMetadata().getNamespace(), "a ClusterIssuer has no namespace");
    assertEquals(Map.of("ca", Map.of("secretName", "hoplink-ca")),
        issuers.get(0).getAdditionalProperties().get("spec"));
  }

  @Test
  void theVolumeIsReadOnlyWithOnlyAttributesCsiDriverHas() {
    // CsiDriverAttributes.of refuses any other, and what csi-driver itself refuses
    assertEquals("ECDSA", attributes().keyAlgorithm());
    assertTrue(csiVolume().getCsi().getReadOnly(), "csi-driver refuses a writable volume");
    assertTrue(mount(csiVolume()).getReadOnly());
    assertNull(mount(csiVolume()).getSubPath(), "a subPath mount would not follow renewals");
  }

  @Test
  void theRoutersConfigChecksWithOnlyTheMountedFilesMissingHere() {
    ConfigCheck.Outcome outcome =
        ConfigCheck.check(CERT_MANAGER.routerConfigText(), Main.plugins(), Map.of());
    assertTrue(outcome.ok(), outcome.error());
    assertEquals(Optional.empty(), outcome.config().identity(), "no identity issuer");
    assertEquals(List.of("outgoing", "incoming", "h2-outgoing", "h2-incoming", "grpc-outgoing",
        "grpc-incoming"), outcome.config().routers().stream().map(r -> r.label()).toList());
    Set<String> unreadable = new TreeSet<>();
    for (String warning : outcome.warnings()) {
      Matcher m = UNREADABLE.matcher(warning);
      assertTrue(m.find(), "only the mounted files are missing here: " + warning);
      unreadable.add(m.group(1));
    }
    String certs = mount(csiVolume()).getMountPath();
    assertEquals(Set.of(certs + "/tls.crt", certs + "/tls.key",
        mount(trustVolume()).getMountPath() + "/ca.crt"), unreadable);
  }

  @Test
  void everyHopIsMutualTlsOnTheFilesCsiDriverWritesAndTheTrustConfigMap() {
    CsiDriverAttributes attributes = attributes();
    String certs = mount(csiVolume()).getMountPath();
    String cert = certs + "/" + attributes.certificateFile();
    String key = certs + "/" + attributes.privateKeyFile();
    // every key of the ConfigMap a file; ca.crt is the key README's kubectl command makes
    assertEquals(List.of(), trustVolume().getConfigMap().getItems());
    String trust = mount(trustVolume()).getMountPath() + "/ca.crt";
    assertEquals(trustVolume(), volumeOf(routerPod(), CERT_MANAGER.router(), trust));
    assertEquals(csiVolume(), volumeOf(routerPod(), CERT_MANAGER.router(), cert));
    List<String> names = attributes.dnsNames(pod());
    CERT_MANAGER.hopTls().forEach((label, tls) -> {
      if (label.endsWith("outgoing")) {
        Object name = ((Map<?, ?>) tls).get("commonName");
        assertTrue(names.contains(name), label + ": " + name + " is not among " + names);
        assertEquals(Map.of("commonName", name, "trustCerts", List.of(trust),
            "clientAuth", Map.of("certPath", cert, "keyPath", key)), tls, label);
      } else {
        assertEquals(Map.of("certPath", cert, "keyPath", key, "caCertPath", trust,
            "requireClientAuth", true), tls, label);
      }
    });
  }

  @Test
  void theCertificateNamesThePodsServiceAccountAsTheIdentityIssuerWould() {
    CsiDriverAttributes attributes = attributes();
    CsiDriverAttributes.Pod pod = pod();
    assertEquals(List.of("l5d.default.serviceaccount.identity.hoplink.cluster.local"),
        attributes.dnsNames(pod));
    assertEquals(List.of("spiffe://cluster.local/ns/" + pod.namespace() + "/sa/"
        + pod.serviceAccount()), attributes.uriSans(pod));
    // the names follow the pod's namespace and service account, not a literal copy of them
    CsiDriverAttributes.Pod other = new CsiDriverAttributes.Pod("p", "shop", "u", "billing");
    assertEquals(List.of("billing.shop.serviceaccount.identity.hoplink.cluster.local"),
        attributes.dnsNames(other));
    assertEquals(List.of("spiffe://cluster.local/ns/shop/sa/billing"), attributes.uriSans(other));
  }

  @Test
  void theCertificateServesBothEndsLivesADayAndIsRenewedWithAThirdLeft() {
    CsiDriverAttributes attributes = attributes();
    assertTrue(attributes.keyUsages().containsAll(List.of("server auth", "client auth")),
        attributes.keyUsages()::toString);
    assertTrue(attributes.duration().compareTo(Duration.ofHours(24)) <= 0,
        attributes.duration()::toString);
    assertEquals(attributes.get("renew-before").map(CsiDriverAttributes::goDuration).orElseThrow(),
        attributes.renewBefore(), "renew-before shorter than the lifetime, so csi-driver uses it");
    assertTrue(attributes.renewBefore().multipliedBy(3).compareTo(attributes.duration()) >= 0,
        attributes.renewBefore() + " of " + attributes.duration());
    // a key hoplink reads: EC or RSA, PKCS#8 (csi-driver's PKCS#1 is RSA's only)
    assertTrue(Set.of("ECDSA", "RSA").contains(attributes.keyAlgorithm()));
    assertEquals("PKCS8", attributes.keyEncoding());
  }

  @Test
  void theNonRootRouterMayReadItsKey() {
    // csi-driver writes the files mode 0440, owned by root and by the fs-group's group
    Long group = Optional.ofNullable(CERT_MANAGER.router().getSecurityContext().getRunAsGroup())
        .orElse(routerPod().getSecurityContext().getRunAsGroup());
    assertEquals(String.valueOf(group), attributes().get("fs-group").orElseThrow());
    assertTrue(routerPod().getSecurityContext().getRunAsNonRoot());
  }

  @Test
  void nothingWaitsForTheIdentityIssuer() {
    assertEquals(List.of(), routerPod().getInitContainers());
    assertTrue(routerPod().getVolumes().stream().allMatch(v -> v.getProjected() == null),
        "no projected service account token");
    String daemonSet = Serialization.asYaml(CERT_MANAGER.daemonSet());
    assertTrue(!daemonSet.contains("hoplink-identity"), daemonSet);
  }

  @Test
  void theDaemonSetIsTheBaseOnePlusItsCertificateAndTrustVolumes() {
    CERT_MANAGER.assertTheBaseRouterPlusVolumes();
    List<Volume> base = ManifestsTest.find(DaemonSet.class, "l5d").getSpec().getTemplate()
        .getSpec().getVolumes();
    assertEquals(List.of(csiVolume(), trustVolume()), routerPod().getVolumes().stream()
        .filter(v -> !base.contains(v)).toList());
  }
}
