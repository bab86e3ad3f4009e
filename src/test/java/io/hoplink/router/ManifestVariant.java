package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * One variant of the DaemonSet: the manifests directly in one folder of daemonset/ (a subfolder
 * is another variant) and the ServiceAccount of daemonset/rbac.yaml, which every layout shares.
 * What the variants' tests ask of them: objects by kind and name, the router's pod, container
 * and config, the volume a path is mounted from, and the tls blocks of the hops between routers.
 */
final class ManifestVariant {
  private final String dir;

  ManifestVariant(String dir) {
    this.dir = dir;
  }

  /** The variant's own files, by name. */
  List<String> fileNames() {
    return Manifests.filesIn(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  List<Path> manifests() {
    List<Path> files = new ArrayList<>(Manifests.filesIn(dir));
    files.add(Manifests.basedir().resolve("daemonset/rbac.yaml"));
    return files;
  }

  private Stream<HasMetadata> objects() {
    return manifests().stream().flatMap(f -> Manifests.load(f).stream());
  }

  <T extends HasMetadata> T find(Class<T> type, String name) {
    return objects().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .reduce((a, b) -> { throw new AssertionError("two " + type.getSimpleName() + " " + name); })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** The objects of a kind fabric8 does not know (a custom resource's), such as ClusterIssuer. */
  List<GenericKubernetesResource> custom(String apiVersion, String kind) {
    return objects().filter(GenericKubernetesResource.class::isInstance)
        .map(GenericKubernetesResource.class::cast)
        .filter(o -> o.getApiVersion().equals(apiVersion) && o.getKind().equals(kind)).toList();
  }

  DaemonSet daemonSet() {
    return find(DaemonSet.class, "l5d");
  }

  PodSpec routerPod() {
    return daemonSet().getSpec().getTemplate().getSpec();
  }

  Container router() {
    assertEquals(1, routerPod().getContainers().size());
    return routerPod().getContainers().get(0);
  }

  String routerConfigText() {
    return find(ConfigMap.class, "l5d-config").getData().get("config.yaml");
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  /** The mount a file at {@code path} comes from (never a subPath, which misses updates). */
  static VolumeMount mountOf(Container container, String path) {
    VolumeMount mount = container.getVolumeMounts().stream()
        .filter(m -> path.startsWith(m.getMountPath() + "/")).findFirst()
        .orElseThrow(() -> new AssertionError(path + " is in no mounted volume of "
            + container.getName()));
    assertEquals(null, mount.getSubPath(), "a subPath mount would not follow updates");
    return mount;
  }

  /** The volume a file at {@code path} comes from. */
  static Volume volumeOf(PodSpec pod, Container container, String path) {
    return volume(pod, mountOf(container, path).getName());
  }

  /**
   * The tls block of each hop between routers, by router label: an outgoing router's client
   * tls, an incoming router's one server's.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> hopTls() {
    Map<String, Object> config = (Map<String, Object>) new Yaml().load(routerConfigText());
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map<String, Object> router : (List<Map<String, Object>>) config.get("routers")) {
      String label = (String) router.get("label");
      if (label.endsWith("outgoing")) {
        out.put(label, ((Map<String, Object>) router.get("client")).get("tls"));
      } else {
        List<Map<String, Object>> servers = (List<Map<String, Object>>) router.get("servers");
        assertEquals(1, servers.size(), label);
        out.put(label, servers.get(0).get("tls"));
      }
    }
    return out;
  }

  /**
   * Fails unless the DaemonSet runs the base DaemonSet's router (ports, environment, arguments,
   * limits, probes, security) with the base's volumes and more, as the same service account, and
   * the Service is the base's.
   */
  void assertTheBaseRouterPlusVolumes() {
    DaemonSet base = ManifestsTest.find(DaemonSet.class, "l5d");
    Container baseRouter = ManifestsTest.router();
    Container router = router();
    assertEquals(baseRouter.getPorts(), router.getPorts());
    assertEquals(baseRouter.getEnv(), router.getEnv());
    assertEquals(baseRouter.getArgs(), router.getArgs());
    assertEquals(baseRouter.getResources(), router.getResources());
    assertEquals(baseRouter.getSecurityContext(), router.getSecurityContext());
    assertEquals(Stream.of(baseRouter.getStartupProbe(), baseRouter.getReadinessProbe(),
        baseRouter.getLivenessProbe()).toList(), Stream.of(router.getStartupProbe(),
        router.getReadinessProbe(), router.getLivenessProbe()).toList());
    assertTrue(router.getVolumeMounts().containsAll(baseRouter.getVolumeMounts()));
    PodSpec basePod = base.getSpec().getTemplate().getSpec();
    assertTrue(routerPod().getVolumes().containsAll(basePod.getVolumes()));
    assertEquals(basePod.getServiceAccountName(), routerPod().getServiceAccountName());
    assertEquals(basePod.getSecurityContext(), routerPod().getSecurityContext());
    assertEquals(ManifestsTest.find(Service.class, "l5d").getSpec(),
        find(Service.class, "l5d").getSpec());
  }
}
