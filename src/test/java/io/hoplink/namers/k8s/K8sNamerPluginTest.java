package io.hoplink.namers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.transformers.PortTransformerPlugin;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sNamerPluginTest {
  @TempDir
  java.nio.file.Path dir;

  private final PluginRegistry<NamerPlugin<?>> registry =
      PluginRegistry.of("namer", new K8sNamerPlugin(), new K8sNsNamerPlugin());

  private static ConfigNode namer(String block) {
    return YamlLoader.load("namers:\n- " + block + "\n").required("namers").elements().get(0);
  }

  @Test
  @SuppressWarnings("rawtypes") // the service type is the raw interface
  void serviceLoaderFindsBoth() {
    List<String> found = ServiceLoader.load(NamerPlugin.class).stream()
        .map(p -> p.type().getName()).toList();
    assertTrue(found.contains(K8sNamerPlugin.class.getName()), found.toString());
    assertTrue(found.contains(K8sNsNamerPlugin.class.getName()), found.toString());
  }

  @Test
  void blocksParseWithLinkerdKeysAndDefaults() {
    assertEquals(new K8sNamerConfig("io.l5d.k8s", Path.read("/io.l5d.k8s"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of()),
        registry.parse(namer("kind: io.l5d.k8s")));
    assertEquals(new K8sNamerConfig("io.l5d.k8s", Path.read("/k8s"), Optional.of("localhost"),
        Optional.of(8001), Optional.of("version"), Optional.empty(),
        List.of(new PortTransformerPlugin.Config("io.l5d.port", Path.read("/io.l5d.port/4141"), 4141))),
        registry.parse(namer("kind: io.l5d.k8s\n  prefix: /k8s\n  experimental: true\n  host: localhost\n"
            + "  port: 8001\n  labelSelector: version\n  transformers:\n  - kind: io.l5d.port\n    port: 4141")));
    assertEquals(new K8sNamerConfig("io.l5d.k8s.ns", Path.read("/io.l5d.k8s.ns"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("POD_NAMESPACE"), List.of()),
        registry.parse(namer("kind: io.l5d.k8s.ns")));
  }

  @Test
  void badBlocksAreRejectedWithTheirPath() {
    ConfigException port = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.k8s\n  port: 0")));
    assertEquals("namers[0].port (io.l5d.k8s): 0 (expected: a port from 1 to 65535) at 3:9",
        port.getMessage());
    ConfigException envVar = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.k8s\n  envVar: NS")));
    assertTrue(envVar.getMessage().startsWith("namers[0].envVar (io.l5d.k8s): unknown key 'envVar'"),
        envVar.getMessage());
  }

  @Test
  void nsNamerNeedsItsNamespaceVariable() {
    K8sNamerConfig config = (K8sNamerConfig) registry.parse(namer("kind: io.l5d.k8s.ns\n  envVar: MY_NS"));
    NamerContext ctx = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new K8sNsNamerPlugin().newNamer(config, ctx));
    assertTrue(e.getMessage().contains("MY_NS"), e.getMessage());
  }

  @Test
  void insideAPodTheServiceAccountIsUsedUnlessHostOrPortIsGiven() throws Exception {
    Files.writeString(dir.resolve("token"), "secret\n");
    NamerContext pod = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(),
        Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
    try (KubeApi api = KubeApi.connect(Optional.empty(), Optional.empty(), pod, Duration.ofSeconds(1), dir)) {
      assertEquals("https://10.96.0.1:443 (service account)", api.target());
      assertEquals("secret", api.client().getConfiguration().getOauthTokenProvider().getToken());
    }
    try (KubeApi api = KubeApi.connect(Optional.empty(), Optional.of(8001), pod, Duration.ofSeconds(1), dir)) {
      assertEquals("http://localhost:8001", api.target());
    }
    NamerContext outside = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
    try (KubeApi api = KubeApi.connect(Optional.empty(), Optional.empty(), outside, Duration.ofSeconds(1), dir)) {
      assertEquals("http://localhost:8001", api.target());
    }
  }
}
