package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test hosts the multi-node tests run on: nodes reach each other and the test. */
class NetworkNamespacesIT {
  @Test
  void nodesReachEachOtherAndTheTestAndAreRemovedAfterwards() throws Exception {
    String namespaceList;
    try (TestBackend backend = new TestBackend("root", "0.0.0.0");
        NetworkNamespaces net = NetworkNamespaces.create(2)) {
      assertEquals("root", curl(net, 1, "http://" + net.hostAddress() + ":" + backend.port() + "/"));
      // Node 2 reaches a server inside node 1 through the bridge.
      Process server = new ProcessBuilder(net.inNode(1, List.of("python3", "-m", "http.server",
          "--bind", net.address(1), "18080"))).redirectErrorStream(true).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String answer = "";
        while (!answer.contains("Directory listing") && System.nanoTime() < deadline) {
          answer = curl(net, 2, "http://" + net.address(1) + ":18080/");
          HoplinkProcess.pause();
        }
        assertTrue(answer.contains("Directory listing"), answer);
      } finally {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      namespaceList = NetworkNamespaces.run("ip", "netns", "list");
      assertTrue(namespaceList.contains(net.node(1)), namespaceList);
      String node = net.node(1);
      net.close();
      assertFalse(NetworkNamespaces.run("ip", "netns", "list").contains(node));
    }
  }

  private static String curl(NetworkNamespaces net, int node, String url) throws Exception {
    Process p = new ProcessBuilder(net.inNode(node, List.of("curl", "-s", "-m", "5", url)))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
