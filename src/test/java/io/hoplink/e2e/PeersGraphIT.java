package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.e2e.HelloClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard's node-to-node graph on two network-namespace nodes running the DaemonSet's
 * config and environment (the layout of {@link MultiNodeIT}, with only the world pods): node 1's
 * router reads node 2's graph from its admin port, through the io.l5d.k8s.daemonset
 * transformer's gateways, and shows node 2 unreachable once its router is gone while node 1 goes
 * on routing. Needs root, iproute2, curl and Debian's chromium with chromedriver.
 */
class PeersGraphIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> NODES = List.of("node-1", "node-2");

  @TempDir Path dir;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @Test
  void node1DrawsNode2sRouterAndServicesAndThenNode2Unreachable() throws Exception {
    NetworkNamespaces.requireRootAnd("curl");
    try {
      NetworkNamespaces net = push(NetworkNamespaces.create(NODES.size()));
      List<String> addresses = List.of(net.address(1), net.address(2));
      KubeCluster kube = new KubeCluster(NODES, addresses);
      KubeApiProcess api = push(KubeApiProcess.launch(dir, net.hostAddress(), 0, 0, kube.yaml()));
      WorldPods worlds = push(WorldPods.launch(dir, net, NODES));
      api.awaitReady(WAIT);
      List<HoplinkProcess> routers = new ArrayList<>();
      for (int i = 1; i <= NODES.size(); i++) {
        routers.add(push(HoplinkProcess.launchIn(dir, net.inNode(i, List.of()),
            DaemonsetManifests.routerConfig(net.hostAddress(), api.port()),
            DaemonsetManifests.routerEnv(NODES.get(i - 1), net.address(i), net.address(i)),
            net.address(i))));
      }
      worlds.awaitReady(WAIT);
      for (HoplinkProcess router : routers) {
        router.awaitLog("admin listening on", WAIT);
      }
      HelloClient hello = new HelloClient(net.inNode(1, List.of()), net.address(1) + ":4140");
      HoplinkProcess node1 = routers.get(0);

      // Traffic from node 1 reaches world on node 2 through node 2's router: node 1's graph has
      // node 2's router, at a rate, with node 2's service edges as node 2 counted them.
      JsonObject node2 = awaitPeer(node1, hello, "node-2", peer -> "ok".equals(peer.getString("status"))
          && peer.getValue("rps") instanceof Number rps && rps.doubleValue() > 0 && hasService(peer, "/svc/world"));
      assertEquals(addresses.get(1), node2.getString("host"));
      assertEquals("node-2", node2.getJsonObject("view").getString("node"));
      JsonObject node1Self = peer(view(node1), "node-1");
      assertTrue(node1Self != null && node1Self.getBoolean("self"), "node 1's own incoming router: "
          + node1Self);

      // The page draws node 2's router and one of its services.
      ChromeDriver browser = DashboardRig.browser(dir.resolve("chromium"), 1400, 1000);
      resources.push(browser::quit);
      browser.get("http://" + addresses.get(0) + ":" + node1.adminPort() + "/");
      assertTrue(DashboardRig.await(() -> browser.findElements(By.cssSelector("svg.graph .node.peer"))
          .stream().anyMatch(n -> n.getAttribute("data-name").startsWith("node-2")), WAIT),
          "node 2's router drawn: " + browser.findElement(By.id("graph")).getText());
      assertTrue(browser.findElements(By.cssSelector("svg.graph .node.remote")).stream()
          .anyMatch(n -> "/svc/world".equals(n.getAttribute("data-name"))), "node 2's service drawn");

      // Node 2's router dies; the API still lists it. Node 1 keeps routing (to world on node 1)
      // and shows node 2 as unreachable.
      routers.get(1).close();
      JsonObject down = awaitPeer(node1, hello, "node-2", peer -> "error".equals(peer.getString("status")));
      assertTrue(down.getString("error").startsWith("unreachable: "), down.encode());
      for (Reply reply : hello.get(MultiNodeCluster.WORLD, 10)) {
        assertEquals(200, reply.status(), reply.body());
        assertEquals(KubeCluster.worldPod(1), reply.pod());
      }
      assertTrue(DashboardRig.await(() -> browser.findElements(By.cssSelector("svg.graph .node.peer.bad"))
          .stream().anyMatch(n -> n.getAttribute("data-name").contains("node-2: unreachable")), WAIT),
          "node 2 drawn as unreachable");
      List<String> errors = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
          .getAll().stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE
              .intValue()).map(e -> e.getMessage()).toList();
      assertEquals(List.of(), errors, "console errors on node 1's dashboard");
      java.nio.file.Files.createDirectories(Path.of("target", "dashboard"));
      java.nio.file.Files.copy(browser.findElement(By.id("graph-section"))
          .getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
          Path.of("target", "dashboard", "peers.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      while (!resources.isEmpty()) {
        try {
          resources.pop().close();
        } catch (Exception e) {
          System.err.println("cleanup: " + e);
        }
      }
    }
  }

  private <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  private static JsonObject view(HoplinkProcess router) throws Exception {
    return new JsonObject(router.admin("/dashboard/peers.json"));
  }

  private static JsonObject peer(JsonObject view, String node) {
    for (Object p : view.getJsonArray("peers")) {
      if (node.equals(((JsonObject) p).getString("node"))) {
        return (JsonObject) p;
      }
    }
    return null;
  }

  private static boolean hasService(JsonObject peer, String service) {
    JsonObject view = peer.getJsonObject("view");
    if (view == null) {
      return false;
    }
    for (Object edge : view.getJsonArray("edges")) {
      JsonArray e = (JsonArray) edge;
      if (e.getString(1).equals(service) && e.getLong(3) > 0) {
        return true;
      }
    }
    return false;
  }

  /** Sends a few requests through node 1 between reads of its view, until {@code node} fits. */
  private static JsonObject awaitPeer(HoplinkProcess router, HelloClient hello, String node,
      Predicate<JsonObject> fits) throws Exception {
    long until = System.nanoTime() + WAIT.toNanos();
    JsonObject last = null;
    while (System.nanoTime() - until < 0) {
      for (Reply reply : hello.get(MultiNodeCluster.WORLD, 5)) {
        assertEquals(200, reply.status(), reply.body());
      }
      last = view(router);
      JsonObject peer = peer(last, node);
      if (peer != null && fits.test(peer)) {
        System.out.println("PeersGraphIT: " + node + " in node 1's view: " + peer.encode());
        return peer;
      }
    }
    fail(node + " never fit within " + WAIT + "; node 1's last view: "
        + (last == null ? null : last.encodePrettily()) + "\nits log:\n" + router.log());
    return null;
  }
}
