package io.hoplink.router;

import static io.hoplink.router.ManifestVariant.volume;
import static io.hoplink.router.ManifestVariant.volumeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.hoplink.config.IdentityConfig;
import io.hoplink.config.IdentityServiceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mTLS variant in daemonset/mtls: the identity issuer's Deployment and the DaemonSet whose
 * routers get their certificates from it. Read strictly as {@link ManifestsTest} reads every
 * manifest; each config is checked as {@code hoplink check} and {@code hoplink identity check}
 * would, and the two sides are checked to meet: the URL, the names, the audience, the service
 * account, the mounted paths.
 */
class MtlsManifestsTest {
  private static final String TRUST_DOMAIN = "cluster.local";
  private static final ManifestVariant MTLS = new ManifestVariant("daemonset/mtls");

  private static <T extends HasMetadata> T find(Class<T> type, String name) {
    return MTLS.find(type, name);
  }

  private static PodSpec routerPod() {
    return MTLS.routerPod();
  }

  private static Container router() {
    return MTLS.router();
  }

  private static PodSpec identityPod() {
    return find(Deployment.class, "hoplink-identity").getSpec().getTemplate().getSpec();
  }

  private static Container identity() {
    assertEquals(1, identityPod().getContainers().size());
    return identityPod().getContainers().get(0);
  }

  private static String routerConfigText() {
    return MTLS.routerConfigText();
  }

  private static IdentityServiceConfig identityConfig() {
    return IdentityServiceConfig.load(find(ConfigMap.class, "hoplink-identity-config").getData()
        .get("config.yaml"), true);
  }

  private static IdentityConfig routerIdentity() {
    return ConfigCheck.check(routerConfigText(), Main.plugins(), Map.of()).config().identity()
        .orElseThrow();
  }

  private static String parent(String path) {
    return Path.of(path).getParent().toString();
  }

  @Test
  void theVariantIsTheIssuerTheConfigAndTheDaemonSet() {
    assertEquals(List.of("identity.yaml", "l5d-config.yaml", "l5d.yaml"), MTLS.fileNames());
  }

  @Test
  void theIssuerMayOnlyReviewTokens() {
    assertEquals(List.of("[authentication.k8s.io] [tokenreviews] [create] [] []"),
        find(ClusterRole.class, "hoplink-identity").getRules().stream()
            .map(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs() + " "
                + r.getResourceNames() + " " + r.getNonResourceURLs()).toList());
    ClusterRoleBinding binding = find(ClusterRoleBinding.class, "hoplink-identity");
    assertEquals("hoplink-identity", binding.getRoleRef().getName());
    ServiceAccount account = find(ServiceAccount.class, "hoplink-identity");
    assertEquals(1, binding.getSubjects().size());
    assertEquals(List.of("ServiceAccount", account.getMetadata().getName(),
        account.getMetadata().getNamespace()), List.of(binding.getSubjects().get(0).getKind(),
        binding.getSubjects().get(0).getName(), binding.getSubjects().get(0).getNamespace()));
    assertEquals(account.getMetadata().getName(), identityPod().getServiceAccountName());
    assertEquals(account.getMetadata().getNamespace(),
        find(Deployment.class, "hoplink-identity").getMetadata().getNamespace());
  }

  @Test
  void theIssuersConfigChecksWithOnlyItsSecretMissingHere() {
    IdentityServiceConfig config = identityConfig();
    List<String> paths = List.of(config.issuerCertPath(), config.issuerKeyPath(),
        config.trustBundle());
    assertEquals(3, config.warnings().size(), config.warnings().toString());
    for (int i = 0; i < 3; i++) {
      assertTrue(config.warnings().get(i).contains("'" + paths.get(i) + "' cannot be read here"),
          config.warnings().get(i));
      Volume secret = volumeOf(identityPod(), identity(), paths.get(i));
      assertEquals("hoplink-identity-issuer", secret.getSecret().getSecretName(), paths.get(i));
    }
    assertEquals(0440, secret().getSecret().getDefaultMode());
    String configPath = identity().getArgs().get(1);
    assertEquals(List.of("identity", configPath), identity().getArgs());
    assertEquals("hoplink-identity-config", volumeOf(identityPod(), identity(), configPath)
        .getConfigMap().getName());
    assertEquals(java.time.Duration.ofHours(24), config.lifetime());
  }

  private static Volume secret() {
    return volume(identityPod(), "issuer");
  }

  @Test
  void theIssuerServesItsNamesOnThePortItsServiceNames() {
    IdentityServiceConfig config = identityConfig();
    Service service = find(Service.class, "hoplink-identity");
    assertEquals(find(Deployment.class, "hoplink-identity").getSpec().getTemplate().getMetadata()
        .getLabels(), service.getSpec().getSelector());
    ContainerPort port = identity().getPorts().get(0);
    assertEquals(config.port(), port.getContainerPort());
    assertEquals(port.getName(), service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    String dns = service.getMetadata().getName() + "." + service.getMetadata().getNamespace()
        + ".svc";
    assertTrue(config.dnsNames().containsAll(List.of(dns, dns + "." + TRUST_DOMAIN)),
        config.dnsNames().toString());
    for (Probe probe : List.of(identity().getReadinessProbe(), identity().getLivenessProbe())) {
      assertEquals(List.of("/ping", port.getName(), "HTTPS"), List.of(probe.getHttpGet().getPath(),
          probe.getHttpGet().getPort().getStrVal(), probe.getHttpGet().getScheme()));
    }
    assertTrue(identity().getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(identityPod().getSecurityContext().getRunAsNonRoot());
  }

  @Test
  void theRoutersConfigChecksWithOnlyWhatThePodSuppliesMissingHere() {
    ConfigCheck.Outcome outcome = ConfigCheck.check(routerConfigText(), Main.plugins(), Map.of());
    assertTrue(outcome.ok(), outcome.error());
    IdentityConfig identity = outcome.config().identity().orElseThrow();
    List<String> missing = outcome.warnings().stream().filter(w -> w.contains("cannot be read"))
        .toList();
    assertEquals(2, missing.size(), outcome.warnings().toString());
    assertTrue(missing.get(0).startsWith("identity.tokenPath: '" + identity.tokenPath()
        + "' cannot be read here"), missing.get(0));
    assertTrue(missing.get(1).startsWith("identity.trustBundle: '" + identity.trustBundle()
        + "' cannot be read here"), missing.get(1));
    assertEquals(List.of("outgoing", "incoming", "h2-outgoing", "h2-incoming", "grpc-outgoing",
        "grpc-incoming"), outcome.config().routers().stream().map(r -> r.label()).toList());
  }

  @Test
  void theRoutersFindTheIssuerAndProveThemselvesAsItWants() {
    IdentityServiceConfig issuer = identityConfig();
    IdentityConfig identity = routerIdentity();
    URI url = identity.url();
    assertTrue(issuer.dnsNames().contains(url.getHost()), url + " vs " + issuer.dnsNames());
    Service service = find(Service.class, "hoplink-identity");
    assertEquals(service.getSpec().getPorts().get(0).getPort(), url.getPort());
    assertTrue(url.getHost().startsWith(service.getMetadata().getName() + "."
        + service.getMetadata().getNamespace() + "."), url.toString());

    Volume token = volumeOf(routerPod(), router(), identity.tokenPath());
    var projected = token.getProjected().getSources().get(0).getServiceAccountToken();
    assertEquals(issuer.audience().orElseThrow(), projected.getAudience());
    assertEquals(identity.tokenPath(), parent(identity.tokenPath()) + "/" + projected.getPath());
    assertTrue(projected.getExpirationSeconds() <= 24 * 3600);
    String account = find(DaemonSet.class, "l5d").getMetadata().getNamespace() + "/"
        + routerPod().getServiceAccountName();
    assertEquals(List.of(account), issuer.serviceAccounts());

    Volume dir = volumeOf(routerPod(), router(), identity.dir() + "/tls.key");
    assertEquals("Memory", dir.getEmptyDir().getMedium(), "the key never reaches the node's disk");
    assertEquals(identity.dir(), router().getVolumeMounts().stream()
        .filter(m -> m.getName().equals(dir.getName())).findFirst().orElseThrow().getMountPath());
    assertEquals("hoplink-trust", volumeOf(routerPod(), router(), identity.trustBundle())
        .getConfigMap().getName());
  }

  @Test
  void everyHopBetweenRoutersIsMutualTlsWithTheIdentitysFiles() {
    IdentityConfig identity = routerIdentity();
    String dir = identity.dir();
    String name = routerPod().getServiceAccountName() + "."
        + find(DaemonSet.class, "l5d").getMetadata().getNamespace()
        + ".serviceaccount.identity.hoplink." + identityConfig().trustDomain();
    MTLS.hopTls().forEach((label, tls) -> assertEquals(label.endsWith("outgoing")
        ? Map.of("commonName", name, "trustCerts", List.of(dir + "/ca.crt"),
            "clientAuth", Map.of("certPath", dir + "/tls.crt", "keyPath", dir + "/tls.key"))
        : Map.of("certPath", dir + "/tls.crt", "keyPath", dir + "/tls.key",
            "caCertPath", dir + "/ca.crt", "requireClientAuth", true), tls, label));
  }

  @Test
  void theDaemonSetIsTheBaseOnePlusItsIdentityVolumes() {
    MTLS.assertTheBaseRouterPlusVolumes();
  }
}
