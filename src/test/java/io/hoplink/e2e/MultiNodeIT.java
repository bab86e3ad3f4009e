package io.hoplink.e2e;

import static io.hoplink.e2e.AdminMetrics.delta;
import static io.hoplink.e2e.AdminMetrics.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.e2e.HelloClient.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DaemonSet layout on three nodes: each node is a network namespace with its own address,
 * running the packaged jar with the ConfigMap's config (outgoing 4140 with
 * io.l5d.k8s.daemonset, incoming 4141 with io.l5d.k8s.localnode) and the DaemonSet's
 * environment, plus a world pod; the Kubernetes API is a mock in its own process in the test's
 * namespace, changed as Kubernetes' controllers would change it. Hello is curl on node 1 using
 * node 1's outgoing router as its proxy. The tests run in order on one cluster, each leaving
 * it as the next expects: world pods on nodes 1 to 3; then world-2 is deleted; then node 3's
 * router dies; then the API goes away and comes back, and world-2 returns.
 *
 * <p>Ports are the manifests' fixed ones (4140, 4141, 9990, world 7777): each node has its own
 * port space, as each pod has. Needs root, iproute2 and curl; without them it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
  private static final int NODES = 3;
  private static final Duration START = Duration.ofSeconds(60);
  private static final String WORLD = "http://world/";

  @TempDir static Path dir;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private NetworkNamespaces net;
  private KubeCluster cluster;
  private KubeApiProcess api;
  private WorldPods worlds;
  private final HoplinkProcess[] routers = new HoplinkProcess[NODES + 1];
  private HelloClient hello;

  @BeforeAll
  void startCluster() throws Exception {
    NetworkNamespaces.requireRootAnd("curl");
    net = NetworkNamespaces.create(NODES);
    resources.push(net);
    List<String> names = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      names.add(nodeName(i));
      addresses.add(net.address(i));
    }
    cluster = new KubeCluster(names, addresses);
    api = KubeApiProcess.launch(dir, net.hostAddress(), 0, 0, cluster.yaml());
    resources.push(api);
    worlds = WorldPods.launch(dir, net, names);
    resources.push(worlds);
    api.awaitReady(START);
    String config = DaemonsetManifests.routerConfig(net.hostAddress(), api.port());
    for (int i = 1; i <= NODES; i++) {
      routers[i] = HoplinkProcess.launchIn(dir, net.inNode(i, List.of()), config,
          DaemonsetManifests.routerEnv(nodeName(i), net.address(i), net.address(i)), net.address(i));
      resources.push(routers[i]);
    }
    worlds.awaitReady(START);
    for (int i = 1; i <= NODES; i++) {
      routers[i].awaitLog("admin listening on", START);
    }
    hello = new HelloClient(net.inNode(1, List.of()), net.address(1) + ":4140");
    // The routers list and watch the API; once every world pod has answered, every route is up.
    long deadline = System.nanoTime() + START.toNanos();
    while (servedBy(sendAll(9)).size() < NODES) {
      if (System.nanoTime() > deadline) {
        fail("not every world pod answered within " + START + "; node 1's router:\n" + routers[1].log());
      }
      HoplinkProcess.pause();
    }
  }

  @AfterAll
  void stopCluster() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("cleanup: " + e);
      }
    }
  }

  @Test
  @Order(1)
  void requestFromNode1CrossesItsOutgoingRouterAndTheIncomingRouterOnTheWorldPodsNode()
      throws Exception {
    Map<Integer, JsonObject> before = metricsOfAll();
    List<Reply> replies = sendAllOk(30);
    Map<String, Integer> served = servedBy(replies);
    assertTrue(served.containsKey(KubeCluster.worldPod(2)) || served.containsKey(KubeCluster.worldPod(3)),
        "no request reached world on node 2 or 3: " + served);
    for (Reply reply : replies) {
      assertEquals("1.1 hoplink, 1.1 hoplink", reply.field("via"), "two hops: " + reply.body());
    }
    // Node 1's outgoing router counted every request, each incoming router what it delivered,
    // and the other outgoing routers nothing.
    awaitDelta(1, before, OUTGOING_CLIENT + "/requests", 30);
    awaitDelta(1, before, "rt/outgoing/service/svc/world/requests", 30);
    for (int node = 1; node <= NODES; node++) {
      int delivered = served.getOrDefault(KubeCluster.worldPod(node), 0);
      awaitDelta(node, before, incomingClient(node) + "/requests", delivered);
      awaitDelta(node, before, "rt/incoming/service/svc/world/requests", delivered);
      if (node != 1) {
        awaitDelta(node, before, "rt/outgoing/server/.*/requests", 0);
      }
    }
  }

  @Test
  @Order(2)
  void everyRequestIsDeliveredByTheIncomingRouterOnTheWorldPodsOwnNode() throws Exception {
    Map<Integer, JsonObject> before = metricsOfAll();
    List<Reply> replies = sendAllOk(45);
    for (Reply reply : replies) {
      int node = nodeOf(reply);
      // The last hop came from the pod's own node, through the router that kept local endpoints.
      assertEquals(net.address(node), reply.field("peer"), reply.body());
      assertEquals("/%/io.l5d.k8s.localnode/" + nodeName(node) + "/#/io.l5d.k8s/default/http/world-v1",
          reply.field("l5d-dst-client"), reply.body());
    }
    Map<String, Integer> served = servedBy(replies);
    for (int node = 1; node <= NODES; node++) {
      int delivered = served.getOrDefault(KubeCluster.worldPod(node), 0);
      awaitDelta(node, before, incomingClient(node) + "/requests", delivered);
      awaitDelta(node, before, "rt/incoming/server/.*/requests", delivered);
    }
  }

  @Test
  @Order(3)
  void trafficSpreadsOverTheWorldPodsOfEveryNode() throws Exception {
    int[] seenBefore = worlds.served();
    Map<String, Integer> served = servedBy(sendAllOk(90));
    int[] seenAfter = worlds.served();
    System.out.println("MultiNodeIT: 90 requests from node 1 served by " + served);
    for (int node = 1; node <= NODES; node++) {
      int count = served.getOrDefault(KubeCluster.worldPod(node), 0);
      // Fair share 30; binomial sd 4.5, so 12..48 is a 4-sd tolerance.
      assertTrue(count >= 12 && count <= 48, "world on node " + node + " got " + count + " of 90: " + served);
      assertEquals(count, seenAfter[node] - seenBefore[node], "what world on node " + node + " saw");
    }
  }

  @Test
  @Order(4)
  void worldPodRemovedFromItsSliceStopsGettingRequests() throws Exception {
    cluster.setWorld(2, false, api.client());
    long deadline = System.nanoTime() + START.toNanos();
    int batches = 0;
    List<String> failures = new ArrayList<>();
    while (true) {
      List<Reply> batch = sendAll(10);
      batches++;
      batch.stream().filter(r -> r.status() != 200).forEach(r -> failures.add(r.status() + " " + r.body()));
      if (batch.stream().allMatch(r -> r.status() == 200)
          && !servedBy(batch).containsKey(KubeCluster.worldPod(2))) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "world-2 still reached " + START + " after its removal");
    }
    System.out.println("MultiNodeIT: world-2 removed; " + batches + " batches of 10 until none "
        + "reached it; failures meanwhile: " + failures);
    int seen = worlds.served()[2];
    Map<String, Integer> served = servedBy(sendAllOk(45));
    assertEquals(null, served.get(KubeCluster.worldPod(2)), "world-2 still served: " + served);
    assertEquals(Set.of(KubeCluster.worldPod(1), KubeCluster.worldPod(3)), served.keySet());
    assertEquals(seen, worlds.served()[2], "requests that reached world-2 after its removal");
  }

  @Test
  @Order(5)
  void killedRouterIsRoutedAroundByRequeuesAndThenDroppedThroughTheApi() throws Exception {
    JsonObject before = metrics(1);
    int world3 = worlds.served()[3];
    routers[3].close();
    assertTrue(!routers[3].process().isAlive(), "node 3's router still runs");
    // The API still lists node 3's router as ready: attempts there are refused and requeued,
    // and failure accrual takes it out of node 1's balancer.
    Map<String, Integer> served = servedBy(sendAllOk(30));
    assertEquals(Map.of(KubeCluster.worldPod(1), 30), served);
    JsonObject during = metrics(1);
    long requeues = delta(before, during, OUTGOING_CLIENT + "/retries/requeues");
    long removals = delta(before, during, OUTGOING_CLIENT + "/failure_accrual/removals");
    System.out.println("MultiNodeIT: router 3 killed; node 1 requeued " + requeues
        + " attempts, failure accrual removed " + removals);
    assertTrue(requeues >= 1, "no requeue: " + during.encodePrettily());
    assertTrue(removals >= 1, "no failure accrual removal: " + during.encodePrettily());

    // Kubernetes catches up: the pod fails its readiness probe and its endpoint goes not ready.
    cluster.setRouterReady(3, false, api.client());
    AdminMetrics.await(routers[1], m -> sum(m, OUTGOING_CLIENT + "/loadbalancer/size") == 1,
        "node 1's balancer without node 3's router");
    JsonObject dropped = metrics(1);
    served = servedBy(sendAllOk(30));
    assertEquals(Map.of(KubeCluster.worldPod(1), 30), served);
    assertEquals(0, delta(dropped, metrics(1), OUTGOING_CLIENT + "/retries/requeues"),
        "attempts still sent to the dead router");
    assertEquals(world3, worlds.served()[3], "world-3 is reachable only through its node's router");
  }

  @Test
  @Order(6)
  void apiOutageLosesNoRequestsAndAChangeAfterItIsSeen() throws Exception {
    long lastVersion = api.resourceVersion();
    int port = api.port();
    api.kill();
    // Requests keep going from the last known endpoints while the routers see the API gone.
    int sent = sendWhile(n -> n < 60 || !allNamersWatching(false), "the API gone");
    // It comes back on the same address with the same objects, as on the same etcd.
    api = KubeApiProcess.launch(dir, net.hostAddress(), port, lastVersion, cluster.yaml());
    resources.push(api);
    api.awaitReady(START);
    sent += sendWhile(n -> !allNamersWatching(true), "the API back");
    // World-2 comes back once the routers watch again: its endpoint reaches them.
    cluster.setWorld(2, true, api.client());
    long deadline = System.nanoTime() + START.toNanos();
    int batches = 0;
    while (!servedBy(sendAllOk(10)).containsKey(KubeCluster.worldPod(2))) {
      batches++;
      assertTrue(System.nanoTime() < deadline, "world-2 not reached within " + START
          + " of its return; node 1:\n" + routers[1].admin("/namer_state/io.l5d.k8s.json"));
    }
    System.out.println("MultiNodeIT: " + sent + " requests while the API was away or "
        + "reconnecting, all answered; world-2 reached " + batches + " batches of 10 after its return");
    Map<String, Integer> served = servedBy(sendAllOk(40));
    assertEquals(Set.of(KubeCluster.worldPod(1), KubeCluster.worldPod(2)), served.keySet());
  }

  /**
   * Sends batches of 10 from node 1, each all answered by world-1, while {@code more} holds for
   * the number sent so far; returns that number.
   */
  private int sendWhile(Check more, String what) throws Exception {
    int sent = 0;
    long deadline = System.nanoTime() + START.toNanos();
    do {
      assertEquals(Map.of(KubeCluster.worldPod(1), 10), servedBy(sendAllOk(10)));
      sent += 10;
      assertTrue(System.nanoTime() < deadline, "the routers' namers did not see " + what
          + " within " + START + ": " + routers[1].admin("/namer_state/io.l5d.k8s.json"));
    } while (more.test(sent));
    return sent;
  }

  private interface Check {
    boolean test(int sent) throws Exception;
  }

  /**
   * Whether the k8s namer of every running router says its watches are down ({@code false}: some
   * watch is not watching) or up ({@code true}: every watch is watching).
   */
  private boolean allNamersWatching(boolean up) throws Exception {
    for (int node = 1; node <= NODES; node++) {
      if (!routers[node].process().isAlive()) {
        continue;
      }
      String state = routers[node].admin("/namer_state/io.l5d.k8s.json");
      boolean down = WATCHING_FALSE.matcher(state).find();
      if (up ? down || !WATCHING_TRUE.matcher(state).find() : !down) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern WATCHING_FALSE = Pattern.compile("\"watching\"\\s*:\\s*false");
  private static final Pattern WATCHING_TRUE = Pattern.compile("\"watching\"\\s*:\\s*true");
  private static final String OUTGOING_CLIENT =
      "rt/outgoing/client/%/io\\.l5d\\.k8s\\.daemonset/default/incoming/l5d/#/io\\.l5d\\.k8s/default/http/world-v1";

  private static String incomingClient(int node) {
    return "rt/incoming/client/%/io\\.l5d\\.k8s\\.localnode/" + nodeName(node)
        + "/#/io\\.l5d\\.k8s/default/http/world-v1";
  }

  // ---- helpers ----

  private static String nodeName(int i) {
    return "node-" + i;
  }

  private List<Reply> sendAll(int n) throws Exception {
    return hello.get(WORLD, n);
  }

  private List<Reply> sendAllOk(int n) throws Exception {
    List<Reply> replies = hello.get(WORLD, n);
    for (Reply reply : replies) {
      assertEquals(200, reply.status(), "a request failed: " + reply.body());
    }
    return replies;
  }

  /** How many of {@code replies} each world pod answered. */
  private static Map<String, Integer> servedBy(List<Reply> replies) {
    Map<String, Integer> out = new TreeMap<>();
    for (Reply reply : replies) {
      if (reply.status() == 200) {
        out.merge(reply.pod(), 1, Integer::sum);
      }
    }
    return out;
  }

  private JsonObject metrics(int node) throws Exception {
    return AdminMetrics.read(routers[node]);
  }

  private Map<Integer, JsonObject> metricsOfAll() throws Exception {
    Map<Integer, JsonObject> out = new TreeMap<>();
    for (int node = 1; node <= NODES; node++) {
      out.put(node, metrics(node));
    }
    return out;
  }

  private void awaitDelta(int node, Map<Integer, JsonObject> before, String regex, long expected)
      throws Exception {
    AdminMetrics.await(routers[node], m -> delta(before.get(node), m, regex) == expected,
        "node " + node + ": " + regex + " up by " + expected);
  }

  private int nodeOf(Reply reply) {
    for (int node = 1; node <= NODES; node++) {
      if (reply.pod().equals(KubeCluster.worldPod(node))) {
        return node;
      }
    }
    throw new AssertionError("not a world pod's answer: " + reply.body());
  }
}
