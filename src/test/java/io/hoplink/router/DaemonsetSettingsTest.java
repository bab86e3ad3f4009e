package io.hoplink.router;

import static io.hoplink.router.ManifestsTest.env;
import static io.hoplink.router.ManifestsTest.find;
import static io.hoplink.router.ManifestsTest.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What the DaemonSet's settings promise: least RBAC, a drain that fits, memory that fits, an
 * image that makes the CDS archive its routers map.
 */
class DaemonsetSettingsTest {
  private static final String DTAB = "/srv => /#/io.l5d.k8s/default/http; /host => /srv; /svc => /host; "
      + "/host/world => /srv/world-v1;";

  @SuppressWarnings("unchecked")
  static Map<String, Object> embeddedConfig() {
    String text = find(ConfigMap.class, "l5d-config").getData().get("config.yaml");
    return (Map<String, Object>) new Yaml().load(text);
  }

  @Test
  void theNamerMayOnlyReadWhatItResolvesNamesFrom() {
    List<PolicyRule> rules = find(ClusterRole.class, "l5d-namer").getRules();
    assertEquals(List.of(
        "[discovery.k8s.io] [endpointslices] [get, list, watch] [] []",
        "[] [endpoints, services, pods] [get, list, watch] [] []"),
        rules.stream().map(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs() + " "
            + r.getResourceNames() + " " + r.getNonResourceURLs()).toList());
  }

  @Test
  void theRoutersRunAsTheBoundServiceAccount() {
    ClusterRoleBinding binding = find(ClusterRoleBinding.class, "l5d-namer");
    assertEquals("ClusterRole", binding.getRoleRef().getKind());
    assertEquals("l5d-namer", binding.getRoleRef().getName());
    ServiceAccount account = find(ServiceAccount.class, "l5d");
    assertEquals(1, binding.getSubjects().size());
    assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
    assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
    assertEquals(account.getMetadata().getNamespace(), binding.getSubjects().get(0).getNamespace());
    DaemonSet daemonSet = find(DaemonSet.class, "l5d");
    assertEquals("l5d", daemonSet.getSpec().getTemplate().getSpec().getServiceAccountName());
    assertEquals(account.getMetadata().getNamespace(), daemonSet.getMetadata().getNamespace());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEmbeddedConfigIsTheLinkerToLinkerLayout() {
    Map<String, Object> config = embeddedConfig();
    Map<String, Object> admin = (Map<String, Object>) config.get("admin");
    assertEquals("0.0.0.0", admin.get("ip"));
    assertEquals(9990, admin.get("port"));
    assertEquals(false, ((Map<String, Object>) admin.get("security")).get("controlEnabled"));
    assertEquals(List.of(Map.of("kind", "io.l5d.k8s")), config.get("namers"));

    List<Map<String, Object>> routers = (List<Map<String, Object>>) config.get("routers");
    assertEquals(List.of("outgoing", "incoming", "h2-outgoing", "h2-incoming", "grpc-outgoing",
        "grpc-incoming"), routers.stream().map(r -> r.get("label")).toList());
    assertEquals(List.of(Map.of("ip", "0.0.0.0", "port", 4140)), routers.get(0).get("servers"));
    assertEquals(List.of(Map.of("ip", "0.0.0.0", "port", 4141)), routers.get(1).get("servers"));
    assertEquals(List.of(Map.of("kind", "io.l5d.k8s.daemonset", "namespace", "default", "port", "incoming",
        "service", "l5d")), ((Map<String, Object>) routers.get(0).get("interpreter")).get("transformers"));
    assertEquals(List.of(Map.of("kind", "io.l5d.k8s.localnode", "hostNetwork", false)),
        ((Map<String, Object>) routers.get(1).get("interpreter")).get("transformers"));
    for (Map<String, Object> router : routers.subList(0, 2)) {
      assertEquals("http", router.get("protocol"));
      assertEquals(DTAB, ((String) router.get("dtab")).strip().replaceAll("\\s+", " "));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theH2AndGrpcPairsAreLaidOutAsLinkerdsServicemesh() {
    List<Map<String, Object>> routers = (List<Map<String, Object>>) embeddedConfig().get("routers");
    Map<String, Map<String, Object>> byLabel = new java.util.HashMap<>();
    routers.forEach(r -> byLabel.put((String) r.get("label"), r));
    Map<String, Integer> ports = Map.of("h2-outgoing", 4240, "h2-incoming", 4241,
        "grpc-outgoing", 4340, "grpc-incoming", 4341);
    ports.forEach((label, port) -> {
      Map<String, Object> router = byLabel.get(label);
      assertEquals("h2", router.get("protocol"), label);
      assertEquals(List.of(Map.of("ip", "0.0.0.0", "port", port)), router.get("servers"), label);
      Object transformers = ((Map<String, Object>) router.get("interpreter")).get("transformers");
      String protocol = label.substring(0, label.indexOf('-'));
      if (label.endsWith("outgoing")) {
        assertEquals(List.of(Map.of("kind", "io.l5d.k8s.daemonset", "namespace", "default",
            "port", protocol + "-incoming", "service", "l5d")), transformers, label);
      } else {
        assertEquals(List.of(Map.of("kind", "io.l5d.k8s.localnode", "hostNetwork", false)),
            transformers, label);
      }
      String dtab = ((String) router.get("dtab")).strip().replaceAll("\\s+", " ");
      assertTrue(dtab.startsWith("/srv => /#/io.l5d.k8s/default/" + protocol + ";"), dtab);
      if (protocol.equals("grpc")) {
        assertEquals(Map.of("kind", "io.l5d.header.path", "segments", 1), router.get("identifier"));
      } else {
        assertEquals(null, router.get("identifier"), "h2 names by :authority, the default");
      }
    });
    assertEquals(Map.of("responseClassifier", Map.of("kind", "io.l5d.h2.grpc.default")),
        byLabel.get("grpc-outgoing").get("service"), "retries UNAVAILABLE on the first hop");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDrainFitsInTheGracePeriod() {
    var pod = find(DaemonSet.class, "l5d").getSpec().getTemplate().getSpec();
    List<String> preStop = router().getLifecycle().getPreStop().getExec().getCommand();
    assertEquals("sleep", preStop.get(0));
    long preStopS = Long.parseLong(preStop.get(1));
    long graceMs = ((Number) ((Map<String, Object>) embeddedConfig().get("admin")).get("shutdownGraceMs")).longValue();
    long closeS = 5; // Main gives Vert.x this long to close after the drain
    assertTrue(preStopS * 1000 + graceMs + closeS * 1000 < pod.getTerminationGracePeriodSeconds() * 1000,
        "preStop " + preStopS + " s + shutdownGraceMs " + graceMs + " + close " + closeS + " s must fit in "
            + pod.getTerminationGracePeriodSeconds() + " s");
  }

  @Test
  void theJvmCeilingsFitUnderTheMemoryLimit() {
    String flags = env(router(), "JAVA_TOOL_OPTIONS").getValue();
    long ceilings = mib(flags, "-Xmx") + mib(flags, "-XX:MaxDirectMemorySize=")
        + mib(flags, "-XX:MaxMetaspaceSize=") + mib(flags, "-XX:ReservedCodeCacheSize=");
    long overhead = 48; // class data sharing, thread stacks, GC and symbol tables: measured ~30 MiB
    var resources = router().getResources();
    long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValue() >> 20;
    long request = Quantity.getAmountInBytes(resources.getRequests().get("memory")).longValue() >> 20;
    assertTrue(ceilings + overhead <= limit, flags + " needs " + (ceilings + overhead) + " MiB, limit " + limit);
    assertTrue(request <= limit);
    assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), "a JVM out of memory should restart, not limp on");
  }

  @Test
  void theImageRunsAsTheNonRootUserThePodExpects() throws IOException {
    String dockerfile = Files.readString(Manifests.basedir().resolve("daemonset/Dockerfile"));
    Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
    assertTrue(user.find(), "the Dockerfile sets a numeric USER uid:gid");
    var security = find(DaemonSet.class, "l5d").getSpec().getTemplate().getSpec().getSecurityContext();
    assertEquals(Long.parseLong(user.group(1)), security.getRunAsUser());
    assertEquals(Long.parseLong(user.group(2)), security.getRunAsGroup());
    assertTrue(security.getRunAsNonRoot());
    assertTrue(dockerfile.contains("COPY --chown=root:root --chmod=0444 target/hoplink.jar /opt/hoplink/hoplink.jar"));
    assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/hoplink/hoplink.jar\"]"));
    assertTrue(router().getCommand() == null || router().getCommand().isEmpty(), "the image's entrypoint runs");
    assertTrue(router().getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(router().getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
        "a writable /tmp for the JVM and Vert.x's file cache");
  }

  @Test
  void theImageMakesTheArchiveThatEveryRouterDaemonsetMaps() throws IOException {
    List<String> steps = instructions(Files.readString(
        Manifests.basedir().resolve("daemonset/Dockerfile")));
    int jar = steps.indexOf("COPY --chown=root:root --chmod=0444 target/hoplink.jar /opt/hoplink/hoplink.jar");
    int training = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).startsWith("RUN ") && steps.get(i).contains(
          " io.hoplink.cds.CdsTraining /opt/hoplink/hoplink.jar /opt/hoplink/hoplink.jsa ")) {
        training = i;
      }
    }
    int user = steps.indexOf("USER 10001:10001");
    assertTrue(jar >= 0 && jar < training && training < user, "the jar is in place before the"
        + " training writes the archive beside it, as root, before USER: " + steps);
    String run = steps.get(training);
    assertTrue(run.contains("java -cp /tmp/cds:/opt/hoplink/hoplink.jar "), run);
    Matcher mount = Pattern.compile("--mount=type=bind,source=(\\S+),target=/tmp/cds/(\\S+)")
        .matcher(run);
    Map<String, String> mounts = new java.util.HashMap<>();
    while (mount.find()) {
      mounts.put(mount.group(1), mount.group(2));
    }
    // the training's classes where the build compiles them, and the flags it trains with
    assertEquals(Map.of("target/test-classes/io/hoplink/cds", "io/hoplink/cds",
        "daemonset/l5d.yaml", "l5d.yaml"), mounts);
    assertTrue(Files.isRegularFile(Manifests.basedir()
        .resolve("target/test-classes/io/hoplink/cds/CdsTraining.class")));
    List<String> context = Files.readAllLines(
        Manifests.basedir().resolve("daemonset/Dockerfile.dockerignore"));
    mounts.keySet().forEach(source -> assertTrue(context.contains("!" + source),
        "the build context lets in " + source));
    List<Container> routers = List.of(router(), new ManifestVariant("daemonset/mtls").router(),
        new ManifestVariant("daemonset/mtls/cert-manager").router());
    for (Container router : routers) {
      List<String> flags = List.of(env(router, "JAVA_TOOL_OPTIONS").getValue().split(" "));
      assertTrue(flags.contains("-XX:SharedArchiveFile=/opt/hoplink/hoplink.jsa"), flags::toString);
      assertTrue(flags.contains("-Xshare:auto"), "an archive that does not map is a warning, not"
          + " a pod that cannot start: " + flags);
    }
  }

  @Test
  void everyVariantRunsTheJvmWithTheSameFlags() {
    String flags = env(router(), "JAVA_TOOL_OPTIONS").getValue();
    for (String variant : List.of("daemonset/mtls", "daemonset/mtls/cert-manager")) {
      assertEquals(flags, env(new ManifestVariant(variant).router(), "JAVA_TOOL_OPTIONS").getValue(),
          variant + ": the memory figures of README were measured with daemonset/l5d.yaml's");
    }
    // A young generation of its own size: with a third of -Xms32m, request garbage was
    // promoted and the old generation collected in full several times a second under load.
    assertTrue(mib(flags, "-Xmn") >= 24, flags);
  }

  /** A Dockerfile's instructions, each on one line (continuations joined, comments dropped). */
  private static List<String> instructions(String dockerfile) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String trimmed = line.strip();
      boolean continued = trimmed.endsWith("\\");
      current.append(current.length() == 0 ? "" : " ")
          .append(continued ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed);
      if (!continued) {
        out.add(current.toString());
        current.setLength(0);
      }
    }
    return out;
  }

  private static long mib(String flags, String flag) {
    Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(flag) + "(\\d+)([mMgG])(?:\\s|$)").matcher(flags);
    assertTrue(m.find(), flags + " sets " + flag);
    long n = Long.parseLong(m.group(1));
    return m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
  }
}
