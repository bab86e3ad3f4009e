package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests in daemonset/ and examples/hello-world/k8s/ read with fabric8's model,
 * strictly (an unknown field anywhere fails), and say what the DaemonSet example needs: see
 * LINKERD1.md "The DaemonSet example". RBAC, drain, memory, image and the embedded config:
 * {@link DaemonsetSettingsTest}.
 */
class ManifestsTest {
  /**
   * The base layout; the mTLS variants in daemonset/mtls have their own tests
   * ({@link MtlsManifestsTest}, {@link CertManagerManifestsTest}).
   */
  static List<Path> manifests() {
    Path variant = Manifests.basedir().resolve("daemonset/mtls");
    return allManifests().stream().filter(p -> !p.startsWith(variant)).toList();
  }

  /** Every manifest, the mTLS variants' too. */
  static List<Path> allManifests() {
    return Manifests.files("daemonset", "examples/hello-world/k8s");
  }

  static <T extends HasMetadata> T find(Class<T> type, String name) {
    return manifests().stream().flatMap(f -> Manifests.load(f).stream())
        .filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .reduce((a, b) -> { throw new AssertionError("two " + type.getSimpleName() + " " + name); })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  static Container router() {
    List<Container> containers = find(DaemonSet.class, "l5d").getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
  }

  @Test
  void theManifestsAreThere() {
    List<String> names = manifests().stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of("l5d-config.yaml", "rbac.yaml", "l5d.yaml", "hello-world.yaml")), names::toString);
  }

  @ParameterizedTest
  @MethodSource("allManifests")
  void everyObjectIsAKnownKindWithOnlyKnownFields(Path file) {
    List<HasMetadata> objects = Manifests.load(file);
    assertFalse(objects.isEmpty(), file + " holds no objects");
    for (HasMetadata object : objects) {
      assertFalse(object instanceof GenericKubernetesResource && !Manifests.isKnownCustomKind(object),
          file + ": unknown kind " + object.getApiVersion() + " " + object.getKind());
      assertEquals(List.of(), Manifests.unknownFields(object), file.toString());
    }
  }

  @Test
  void aCustomKindIsHeldToItsFieldsToo() {
    HasMetadata issuer = Manifests.parse("""
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata: {name: x, label: {app: x}}
        spec:
          ca: {secretname: x, ocspServers: http://ocsp}
          acme: {}
        """).get(0);

    assertTrue(Manifests.isKnownCustomKind(issuer));
    assertEquals(List.of("ClusterIssuer x.metadata: unknown [label]",
        "ClusterIssuer x.spec.ca.ocspServers: http://ocsp (expected: a List)",
        "ClusterIssuer x.spec.ca: unknown [secretname]", "ClusterIssuer x.spec: unknown [acme]"),
        Manifests.unknownFields(issuer).stream().sorted().toList());
    HasMetadata other = Manifests.parse("""
        apiVersion: cert-manager.io/v1
        kind: Issuer
        metadata: {name: y}
        spec: {ca: {secretName: y}}
        """).get(0);
    assertFalse(Manifests.isKnownCustomKind(other));
    assertEquals(List.of("Issuer y: unknown kind cert-manager.io/v1 Issuer"),
        Manifests.unknownFields(other));
  }

  @Test
  void theStrictReadingFindsAMisspelledFieldDeepInThePodSpec() {
    HasMetadata daemonSet = Manifests.parse("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: x}
        spec:
          selector: {matchLabels: {app: x}}
          template:
            metadata: {labels: {app: x}}
            spec:
              containers:
              - name: x
                image: x
                ports: [{name: admin, containerPort: 9990, hostPorts: 9990}]
                readinessProbe: {httpGet: {path: /admin/ping, port: admin, schema: HTTP}}
        """).get(0);

    assertEquals(List.of(
        "DaemonSet x.spec.template.spec.containers[0].ports[0]: unknown [hostPorts]",
        "DaemonSet x.spec.template.spec.containers[0].readinessProbe.httpGet: unknown [schema]"),
        Manifests.unknownFields(daemonSet).stream().sorted().toList());
  }

  @Test
  void routerPortsAreNamedAndOnlyTheOutgoingOnesAreOnTheHost() {
    Map<String, ContainerPort> ports = router().getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, p -> p));
    assertEquals(List.of("admin", "grpc-incoming", "grpc-outgoing", "h2-incoming", "h2-outgoing",
        "incoming", "outgoing"), ports.keySet().stream().sorted().toList());
    Map<String, Integer> expected = Map.of("outgoing", 4140, "incoming", 4141,
        "h2-outgoing", 4240, "h2-incoming", 4241, "grpc-outgoing", 4340, "grpc-incoming", 4341,
        "admin", 9990);
    expected.forEach((name, port) -> {
      assertEquals(port, ports.get(name).getContainerPort(), name);
      assertEquals(name.endsWith("outgoing") ? port : null, ports.get(name).getHostPort(), name);
    });
  }

  @Test
  void everyProbePingsTheAdminPort() {
    Container router = router();
    List<Probe> probes = Stream.of(router.getStartupProbe(), router.getReadinessProbe(), router.getLivenessProbe())
        .filter(p -> p != null).toList();
    assertTrue(router.getReadinessProbe() != null && router.getLivenessProbe() != null);
    for (Probe probe : probes) {
      assertEquals("/admin/ping", probe.getHttpGet().getPath());
      assertEquals("admin", probe.getHttpGet().getPort().getStrVal());
    }
  }

  @Test
  void downwardApiGivesTheNodeAndTheAddresses() {
    Container router = router();
    assertEquals("spec.nodeName", env(router, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("status.podIP", env(router, "POD_IP").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("status.hostIP", env(router, "HOST_IP").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("metadata.namespace", env(router, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
  }

  @Test
  void theServiceExposesTheRouterPortsByName() {
    Service service = find(Service.class, "l5d");
    assertEquals(find(DaemonSet.class, "l5d").getSpec().getTemplate().getMetadata().getLabels(),
        service.getSpec().getSelector());
    Map<String, Integer> ports = service.getSpec().getPorts().stream()
        .collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
    assertEquals(Map.of("outgoing", 4140, "incoming", 4141, "h2-outgoing", 4240,
        "h2-incoming", 4241, "grpc-outgoing", 4340, "grpc-incoming", 4341, "admin", 9990), ports);
    for (ServicePort port : service.getSpec().getPorts()) {
      assertEquals(port.getName(), port.getTargetPort().getStrVal());
    }
  }

  @Test
  void helloCallsWorldThroughTheRouterOnItsOwnNode() {
    Container hello = find(Deployment.class, "hello").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("$(HOST_IP):4140", env(hello, "http_proxy").getValue());
    assertEquals("status.hostIP", env(hello, "HOST_IP").getValueFrom().getFieldRef().getFieldPath());
    // $(VAR) expands only variables defined earlier in the list
    List<String> order = hello.getEnv().stream().map(EnvVar::getName).toList();
    assertTrue(order.indexOf("HOST_IP") < order.indexOf("http_proxy"), order::toString);
    assertTrue(hello.getArgs().contains("-target=world"), hello.getArgs()::toString);
  }

  @Test
  void worldV1IsTheServiceTheDtabNamesOnItsHttpPort() {
    Service world = find(Service.class, "world-v1");
    assertEquals(List.of("http"), world.getSpec().getPorts().stream().map(ServicePort::getName).toList());
    PodSpec pods = find(Deployment.class, "world-v1").getSpec().getTemplate().getSpec();
    assertEquals(find(Deployment.class, "world-v1").getSpec().getTemplate().getMetadata().getLabels(),
        world.getSpec().getSelector());
    assertEquals("http", pods.getContainers().get(0).getPorts().get(0).getName());
    assertEquals(List.of("http"), find(Service.class, "hello").getSpec().getPorts().stream().map(ServicePort::getName).toList());
  }

  @Test
  void theConfigIsReadFromTheMountedConfigMap() {
    DaemonSet daemonSet = find(DaemonSet.class, "l5d");
    ConfigMap configMap = find(ConfigMap.class, "l5d-config");
    var volume = daemonSet.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
    assertEquals(configMap.getMetadata().getName(), volume.getConfigMap().getName());
    var mount = router().getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
        .findFirst().orElseThrow();
    // a file in the mounted directory (a symlink into ..data), never a subPath mount, which
    // would not follow updates of the ConfigMap
    assertEquals(null, mount.getSubPath());
    assertEquals(List.of(mount.getMountPath() + "/config.yaml"), router().getArgs());
    assertTrue(configMap.getData().containsKey("config.yaml"));
  }

  /** Needs the io.l5d.k8s namer and the k8s transformers: until then the loader refuses the kind. */
  @Test
  void theConfigMapConfigLoadsWithTheRealLoader() {
    String text = find(ConfigMap.class, "l5d-config").getData().get("config.yaml");
    HoplinkConfig config = HoplinkConfig.load(text, Main.plugins());
    assertEquals("0.0.0.0", config.admin().ip());
    assertEquals(9990, config.admin().port());
    assertFalse(config.admin().security().controlEnabled());
    assertEquals(List.of("outgoing", "incoming", "h2-outgoing", "h2-incoming", "grpc-outgoing",
        "grpc-incoming"), config.routers().stream().map(RouterConfig::label).toList());
    assertEquals(List.of(), config.warnings());
  }
}
