package io.hoplink.namers.k8s;

import static io.hoplink.namers.k8s.K8sNamerTest.bound;
import static io.hoplink.namers.k8s.K8sNamerTest.hostPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockKubeApiTest {
  @TempDir
  java.nio.file.Path dir;

  private static final String SLICE = """
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: world-1
        namespace: default
        labels: {kubernetes.io/service-name: world}
      addressType: IPv4
      ports: [{name: http, port: 8080, protocol: TCP}]
      endpoints:
      - addresses: [10.1.1.5]
        nodeName: node-a
        conditions: {ready: true}
      """;

  @Test
  void servesLoadedObjectsAndIsDrivenThroughTheKubernetesApi() throws Exception {
    try (MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0)) {
      api.apply(SLICE + "---\napiVersion: v1\nkind: Service\nmetadata: {name: world, namespace: default}\n"
          + "spec: {ports: [{name: http, port: 80, targetPort: 8080}]}\n");
      NamerContext ctx = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
      K8sNamerConfig config = new K8sNamerConfig(K8sNamerPlugin.KIND, Path.read("/io.l5d.k8s"),
          Optional.of("127.0.0.1"), Optional.of(api.port()), Optional.empty(), Optional.empty(), List.of());
      try (K8sNamer namer = new K8sNamer(config, null, K8sEndpoints.start(
          KubeApi.connect(config.host(), config.port(), ctx, Duration.ofMillis(50)), ctx, Duration.ofMinutes(1)))) {
        Activity<NameTree<Name>> world = namer.lookup(Path.read("/default/80/world"));
        Subscription sub = world.observe(s -> {});
        Eventually.until("bound", () -> bound(world) != null
            && hostPorts(bound(world).addr().get()).equals(Set.of("10.1.1.5:8080")), world::current);
        // Drive it as a test script would: PUT the slice with a second endpoint.
        String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                SLICE + "- addresses: [10.1.2.6]\n  nodeName: node-b\n"));
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + api.port() + "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/world-1"))
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        Eventually.until("second endpoint", () -> hostPorts(bound(world).addr().get())
            .equals(Set.of("10.1.1.5:8080", "10.1.2.6:8080")), world::current);
        sub.close();
      }
    }
  }

  @Test
  void runsAsItsOwnProcess() throws Exception {
    java.nio.file.Path objects = Files.writeString(dir.resolve("objects.yaml"), SLICE);
    Process process = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), MockKubeApi.class.getName(),
        "127.0.0.1", "0", objects.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String url = null;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("mock Kubernetes API listening on ")) {
          url = line.substring("mock Kubernetes API listening on ".length());
          break;
        }
      }
      assertTrue(url != null, "no listening line");
      HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          url + "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, list.statusCode());
      assertTrue(list.body().contains("10.1.1.5"), list.body());
      process.getOutputStream().close();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ends when stdin closes");
    } finally {
      process.destroyForcibly();
    }
  }
}
