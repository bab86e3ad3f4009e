package io.hoplink.e2e;

import static io.hoplink.namers.k8s.KubeObjects.endpoint;
import static io.hoplink.namers.k8s.KubeObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hoplink.namers.k8s.MockKubeApi;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linker-to-linker layout on one host against a mock Kubernetes API: the outgoing router's
 * io.l5d.k8s.daemonset sends to the incoming router of the destination's node, whose
 * io.l5d.k8s.localnode keeps the local endpoints; endpoint changes reach the routers through
 * the watches. (The multi-node test runs the same across network namespaces.)
 */
class K8sDaemonsetIT {
  @TempDir Path dir;

  private static String config(int apiPort) {
    return """
        admin: {port: 0}
        namers:
        - kind: io.l5d.k8s
          host: 127.0.0.1
          port: %1$d
        routers:
        - protocol: http
          label: outgoing
          dtab: /srv => /#/io.l5d.k8s/default/http; /host => /srv; /svc => /host;
          interpreter:
            kind: default
            transformers:
            - kind: io.l5d.k8s.daemonset
              namespace: default
              port: incoming
              service: l5d
              k8sHost: 127.0.0.1
              k8sPort: %1$d
          servers: [{port: 0}]
        - protocol: http
          label: incoming
          dtab: /srv => /#/io.l5d.k8s/default/http; /host => /srv; /svc => /host;
          interpreter:
            kind: default
            transformers:
            - kind: io.l5d.k8s.localnode
          servers: [{port: 0}]
        """.formatted(apiPort);
  }

  @Test
  void outgoingReachesTheBackendThroughTheIncomingRouterOnItsNode() throws Exception {
    try (MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0);
        TestBackend world = new TestBackend("world")) {
      KubernetesClient k8s = api.client();
      k8s.resource(slice("default", "world-1", "world", "http", world.port(),
          List.of(endpoint("127.0.0.1", "node-a", "world-1")), Map.of())).create();
      try (HoplinkProcess router = HoplinkProcess.start(dir, config(api.port()),
          Map.of("NODE_NAME", "node-a", "POD_IP", "127.0.0.1"))) {
        // The router pods appear once the router listens, as a DaemonSet's would.
        k8s.resource(slice("default", "l5d-1", "l5d", "incoming", router.port("incoming"),
            List.of(endpoint("127.0.0.1", "node-a", "l5d-a")), Map.of())).create();
        String request = "GET /hi HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n";
        String response = awaitStatus(router.port("outgoing"), request, 200);
        assertTrue(response.endsWith("world"), response);
        String client = world.seenHeaders().get(world.seenHeaders().size() - 1).getFirst("l5d-dst-client");
        assertEquals("/%/io.l5d.k8s.localnode/node-a/#/io.l5d.k8s/default/http/world", client);
        String state = router.admin("/namer_state/io.l5d.k8s.json");
        assertTrue(state.contains("default/world") && state.contains("node-a"), state);

        // The backend's pod goes away: the routers see it and stop sending there.
        k8s.resource(slice("default", "world-1", "world", "http", world.port(), List.of(), Map.of()))
            .update();
        awaitStatus(router.port("outgoing"), request, 502);
      }
    }
  }

  /** Linkerd's ingress-controller example, reduced to its ingress router. */
  private static String ingressConfig(int apiPort) {
    return """
        admin: {port: 0}
        namers:
        - kind: io.l5d.k8s
          host: 127.0.0.1
          port: %1$d
        routers:
        - protocol: http
          label: ingress
          identifier:
            kind: io.l5d.ingress
            host: 127.0.0.1
            port: %1$d
          dtab: /svc => /#/io.l5d.k8s;
          servers: [{port: 0}]
        """.formatted(apiPort);
  }

  @Test
  void theIngressRouterRoutesByTheClustersIngressRules() throws Exception {
    try (MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0);
        TestBackend world = new TestBackend("world")) {
      KubernetesClient k8s = api.client();
      k8s.resource(slice("default", "world-1", "world", "http", world.port(),
          List.of(endpoint("127.0.0.1", "node-a", "world-1")), Map.of())).create();
      api.apply("""
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata:
            name: world
            namespace: default
            annotations: {kubernetes.io/ingress.class: linkerd}
          spec:
            rules:
            - host: world.example.com
              http:
                paths:
                - path: /
                  pathType: Prefix
                  backend: {service: {name: world, port: {name: http}}}
          """);
      try (HoplinkProcess router = HoplinkProcess.start(dir, ingressConfig(api.port()))) {
        String response = awaitStatus(router.port("ingress"),
            "GET /hi HTTP/1.1\r\nHost: world.example.com\r\nConnection: close\r\n\r\n", 200);
        assertTrue(response.endsWith("world"), response);
        String elsewhere = RawHttp.exchange(router.port("ingress"),
            "GET /hi HTTP/1.1\r\nHost: other.example.com\r\nConnection: close\r\n\r\n");
        assertEquals(400, RawHttp.status(elsewhere), elsewhere);
        assertTrue(elsewhere.contains("no ingress rule matches"), elsewhere);

        k8s.network().v1().ingresses().inNamespace("default").withName("world").delete();
        awaitStatus(router.port("ingress"),
            "GET /hi HTTP/1.1\r\nHost: world.example.com\r\nConnection: close\r\n\r\n", 400);
      }
    }
  }

  @Test
  void anIngressRouterWhoseApiNeverAnswersSays503() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    try (HoplinkProcess router = HoplinkProcess.start(dir, ingressConfig(closedPort))) {
      String response = RawHttp.exchange(router.port("ingress"),
          "GET / HTTP/1.1\r\nHost: world.example.com\r\nConnection: close\r\n\r\n");
      assertEquals(503, RawHttp.status(response), response);
      assertTrue(response.contains("the Ingresses are not listed yet from http://127.0.0.1:"
          + closedPort), response);
    }
  }

  private static String awaitStatus(int port, String request, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = RawHttp.exchange(port, request);
      if (!last.isEmpty() && RawHttp.status(last) == status) {
        return last;
      }
      HoplinkProcess.pause();
    }
    fail("no " + status + " within 30 s; last: " + last);
    return last;
  }
}
