package io.hoplink.e2e;

import static io.hoplink.e2e.AdminMetrics.delta;
import static io.hoplink.e2e.AdminMetrics.sum;
import static io.hoplink.e2e.HelloClient.servedBy;
import static io.hoplink.e2e.MultiNodeCluster.WORLD;
import static io.hoplink.e2e.MultiNodeCluster.WORLD_H2;
import static io.hoplink.e2e.MultiNodeCluster.nodeName;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.e2e.GreeterClient.Result;
import io.hoplink.e2e.HelloClient.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DaemonSet layout on three nodes ({@link MultiNodeCluster}): each node is a network
 * namespace with its own address, running the packaged jar with the ConfigMap's config (the
 * http, h2 and gRPC router pairs: outgoing 4140/4240/4340 with io.l5d.k8s.daemonset, incoming
 * 4141/4241/4341 with io.l5d.k8s.localnode) and the DaemonSet's environment, plus a world pod
 * (HTTP/1.1) and an h2 pod (h2c only, and a grpc-java greeter); the Kubernetes API is a mock in
 * its own process in the test's namespace, changed as Kubernetes' controllers would change it.
 * The apps are on node 1: curl through its outgoing router as a proxy, curl with HTTP/2 to its
 * h2-outgoing router, and a grpc-java client to its grpc-outgoing router. The tests run in order
 * on one cluster, each leaving it as the next expects: every pod up (HTTP, then HTTP/2, then
 * gRPC); then world-2 is deleted; then node 3's router dies; then the API goes away and comes
 * back, and world-2 returns.
 *
 * <p>Ports are the manifests' fixed ones (4140 to 4341, 9990, world 7777, h2 7778, gRPC 7779):
 * each node has its own port space, as each pod has. Needs root, iproute2 and curl with HTTP/2;
 * without them it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
  private static final int NODES = MultiNodeCluster.NODES;
  private static final Duration START = MultiNodeCluster.START;

  @TempDir static Path dir;
  private MultiNodeCluster c;

  @BeforeAll
  void startCluster() throws Exception {
    c = MultiNodeCluster.start(dir);
  }

  @AfterAll
  void stopCluster() {
    if (c != null) {
      c.close();
    }
  }

  @Test
  @Order(1)
  void requestFromNode1CrossesItsOutgoingRouterAndTheIncomingRouterOnTheWorldPodsNode()
      throws Exception {
    Map<Integer, JsonObject> before = c.metricsOfAll();
    List<Reply> replies = sendAllOk(c.hello(), WORLD, 30);
    Map<String, Integer> served = servedBy(replies);
    assertTrue(served.containsKey(KubeCluster.worldPod(2)) || served.containsKey(KubeCluster.worldPod(3)),
        "no request reached world on node 2 or 3: " + served);
    for (Reply reply : replies) {
      assertEquals("1.1 hoplink, 1.1 hoplink", reply.field("via"), "two hops: " + reply.body());
    }
    // Node 1's outgoing router counted every request, each incoming router what it delivered,
    // and the other outgoing routers nothing.
    awaitPairDeltas(before, RouterPair.HTTP, served, KubeCluster::worldPod, 30);
  }

  @Test
  @Order(2)
  void everyRequestIsDeliveredByTheIncomingRouterOnTheWorldPodsOwnNode() throws Exception {
    Map<Integer, JsonObject> before = c.metricsOfAll();
    List<Reply> replies = sendAllOk(c.hello(), WORLD, 45);
    for (Reply reply : replies) {
      assertLastHopLocal(nodeOf(reply.pod(), KubeCluster::worldPod), reply.fields(),
          RouterPair.HTTP, "1.1 hoplink, 1.1 hoplink");
    }
    awaitPairDeltas(before, RouterPair.HTTP, servedBy(replies), KubeCluster::worldPod, 45);
  }

  @Test
  @Order(3)
  void trafficSpreadsOverTheWorldPodsOfEveryNode() throws Exception {
    int[] seenBefore = c.worlds().served();
    Map<String, Integer> served = servedBy(sendAllOk(c.hello(), WORLD, 90));
    int[] seenAfter = c.worlds().served();
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
  void h2PodsRefuseHttp11SoWhatTheyAnswerCameOverHttp2() throws Exception {
    int[] seenBefore = c.h2Worlds().served();
    for (int node = 1; node <= NODES; node++) {
      var response = c.h2Worlds().http11(node);
      assertEquals(505, response.statusCode(), "HTTP/1.1 to the h2 pod on node " + node + ": "
          + response.body());
    }
    assertArrayEquals(seenBefore, c.h2Worlds().served(), "requests the h2 pods served");
  }

  @Test
  @Order(5)
  void h2RequestsFromNode1CrossBothH2RoutersAndSpreadOverTheH2PodsOfEveryNode() throws Exception {
    Map<Integer, JsonObject> before = c.metricsOfAll();
    int[] seenBefore = c.h2Worlds().served();
    List<Reply> replies = sendAllOk(c.h2Hello(), WORLD_H2, 60);
    int[] seenAfter = c.h2Worlds().served();
    for (Reply reply : replies) {
      assertEquals("2", reply.version(), "curl's HTTP version: " + reply.body());
      assertEquals("HTTP_2", reply.field("version"), "what the pod saw: " + reply.body());
      assertLastHopLocal(nodeOf(reply.pod(), KubeCluster::h2Pod), reply.fields(), RouterPair.H2,
          "2 hoplink, 2 hoplink");
    }
    Map<String, Integer> served = servedBy(replies);
    System.out.println("MultiNodeIT: 60 HTTP/2 requests from node 1 served by " + served);
    assertSpread(served, 60);
    for (int node = 1; node <= NODES; node++) {
      assertEquals(served.getOrDefault(KubeCluster.h2Pod(node), 0), seenAfter[node] - seenBefore[node],
          "what the h2 pod on node " + node + " saw");
    }
    awaitPairDeltas(before, RouterPair.H2, served, KubeCluster::h2Pod, 60);
  }

  @Test
  @Order(6)
  void grpcCallsFromNode1CrossBothGrpcRoutersAndSpreadOverTheGreetersOfEveryNode()
      throws Exception {
    Map<Integer, JsonObject> before = c.metricsOfAll();
    List<Result> calls = c.greeter().run("hello:60");
    assertEquals(60, calls.size(), "answers to 60 calls: " + calls);
    Map<String, Integer> served = new TreeMap<>();
    for (Result call : calls) {
      assertEquals(0, call.code(), "a call failed: " + call);
      assertLastHopLocal(nodeOf(call.field("pod"), KubeCluster::h2Pod), call.fields(),
          RouterPair.GRPC, "2 hoplink, 2 hoplink");
      served.merge(call.field("pod"), 1, Integer::sum);
    }
    System.out.println("MultiNodeIT: 60 gRPC calls from node 1 served by " + served);
    assertSpread(served, 60);
    awaitPairDeltas(before, RouterPair.GRPC, served, KubeCluster::h2Pod, 60);
    c.awaitDelta(1, before, RouterPair.GRPC.service("outgoing") + "/success", 60);
  }

  @Test
  @Order(7)
  void grpcStreamAndErrorStatusCrossBothHops() throws Exception {
    Map<Integer, JsonObject> before = c.metricsOfAll();
    List<Result> results = c.greeter().run("count:20", "missing:nobody");
    List<Result> messages = results.stream().filter(r -> r.kind().equals("count")).toList();
    assertEquals(20, messages.size(), "streamed messages: " + results);
    String pod = messages.get(0).field("pod");
    for (int i = 0; i < messages.size(); i++) {
      Result message = messages.get(i);
      assertEquals(pod, message.field("pod"), "one call, one pod: " + results);
      assertEquals(Integer.toString(i), message.field("seq"), "messages in order: " + results);
      assertLastHopLocal(nodeOf(pod, KubeCluster::h2Pod), message.fields(), RouterPair.GRPC,
          "2 hoplink, 2 hoplink");
    }
    assertEquals(List.of(0), results.stream().filter(r -> r.kind().equals("count-end"))
        .map(Result::code).toList(), "the stream's status: " + results);
    // The error is a trailers-only answer; its status and message cross both routers.
    List<Result> missing = results.stream().filter(r -> r.kind().equals("missing")).toList();
    assertEquals(1, missing.size(), results.toString());
    assertEquals(io.grpc.Status.Code.NOT_FOUND.value(), missing.get(0).code(), results.toString());
    String description = missing.get(0).description();
    assertTrue(description.matches("no greeter named nobody on world-h2-n[1-3]"), description);
    int failedOn = nodeOf(description.substring(description.lastIndexOf(' ') + 1), KubeCluster::h2Pod);
    String outgoing = RouterPair.GRPC.service("outgoing");
    c.awaitDelta(1, before, outgoing + "/requests", 2);
    c.awaitDelta(1, before, outgoing + "/failures", 1);
    // NOT_FOUND is not retryable (io.l5d.h2.grpc.default): the counter is there and stays put.
    c.awaitDelta(1, before, outgoing + "/retries/total", 0);
    assertTrue(c.metrics(1).fieldNames().stream().anyMatch(k -> k.matches(outgoing + "/retries/total")),
        "no retries/total counter in node 1's grpc-outgoing service scope");
    c.awaitDelta(failedOn, before, RouterPair.GRPC.service("incoming") + "/failures", 1);
  }

  @Test
  @Order(8)
  void worldPodRemovedFromItsSliceStopsGettingRequests() throws Exception {
    c.kube().setWorld(2, false, c.api().client());
    long deadline = System.nanoTime() + START.toNanos();
    int batches = 0;
    List<String> failures = new ArrayList<>();
    while (true) {
      List<Reply> batch = c.hello().get(WORLD, 10);
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
    int seen = c.worlds().served()[2];
    Map<String, Integer> served = servedBy(sendAllOk(c.hello(), WORLD, 45));
    assertEquals(null, served.get(KubeCluster.worldPod(2)), "world-2 still served: " + served);
    assertEquals(Set.of(KubeCluster.worldPod(1), KubeCluster.worldPod(3)), served.keySet());
    assertEquals(seen, c.worlds().served()[2], "requests that reached world-2 after its removal");
  }

  @Test
  @Order(9)
  void killedRouterIsRoutedAroundByRequeuesAndThenDroppedThroughTheApi() throws Exception {
    JsonObject before = c.metrics(1);
    int world3 = c.worlds().served()[3];
    c.router(3).close();
    assertTrue(!c.router(3).process().isAlive(), "node 3's router still runs");
    // The API still lists node 3's router as ready: attempts there are refused and requeued,
    // and failure accrual takes it out of node 1's balancer.
    Map<String, Integer> served = servedBy(sendAllOk(c.hello(), WORLD, 30));
    assertEquals(Map.of(KubeCluster.worldPod(1), 30), served);
    JsonObject during = c.metrics(1);
    long requeues = delta(before, during, OUTGOING_CLIENT + "/retries/requeues");
    long removals = delta(before, during, OUTGOING_CLIENT + "/failure_accrual/removals");
    System.out.println("MultiNodeIT: router 3 killed; node 1 requeued " + requeues
        + " attempts, failure accrual removed " + removals);
    assertTrue(requeues >= 1, "no requeue: " + during.encodePrettily());
    assertTrue(removals >= 1, "no failure accrual removal: " + during.encodePrettily());

    // Kubernetes catches up: the pod fails its readiness probe and its endpoint goes not ready.
    c.kube().setRouterReady(3, false, c.api().client());
    AdminMetrics.await(c.router(1), m -> sum(m, OUTGOING_CLIENT + "/loadbalancer/size") == 1,
        "node 1's balancer without node 3's router");
    JsonObject dropped = c.metrics(1);
    served = servedBy(sendAllOk(c.hello(), WORLD, 30));
    assertEquals(Map.of(KubeCluster.worldPod(1), 30), served);
    assertEquals(0, delta(dropped, c.metrics(1), OUTGOING_CLIENT + "/retries/requeues"),
        "attempts still sent to the dead router");
    assertEquals(world3, c.worlds().served()[3], "world-3 is reachable only through its node's router");
  }

  @Test
  @Order(10)
  void apiOutageLosesNoRequestsAndAChangeAfterItIsSeen() throws Exception {
    c.killApi();
    // Requests keep going from the last known endpoints while the routers see the API gone.
    int sent = sendWhile(n -> n < 60 || !c.allNamersWatching(false), "the API gone");
    // It comes back on the same address with the same objects, as on the same etcd.
    c.restartApi();
    sent += sendWhile(n -> !c.allNamersWatching(true), "the API back");
    // World-2 comes back once the routers watch again: its endpoint reaches them.
    c.kube().setWorld(2, true, c.api().client());
    long deadline = System.nanoTime() + START.toNanos();
    int batches = 0;
    while (!servedBy(sendAllOk(c.hello(), WORLD, 10)).containsKey(KubeCluster.worldPod(2))) {
      batches++;
      assertTrue(System.nanoTime() < deadline, "world-2 not reached within " + START
          + " of its return; node 1:\n" + c.router(1).admin("/namer_state/io.l5d.k8s.json"));
    }
    System.out.println("MultiNodeIT: " + sent + " requests while the API was away or "
        + "reconnecting, all answered; world-2 reached " + batches + " batches of 10 after its return");
    Map<String, Integer> served = servedBy(sendAllOk(c.hello(), WORLD, 40));
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
      assertEquals(Map.of(KubeCluster.worldPod(1), 10), servedBy(sendAllOk(c.hello(), WORLD, 10)));
      sent += 10;
      assertTrue(System.nanoTime() < deadline, "the routers' namers did not see " + what
          + " within " + START + ": " + c.router(1).admin("/namer_state/io.l5d.k8s.json"));
    } while (more.test(sent));
    return sent;
  }

  private interface Check {
    boolean test(int sent) throws Exception;
  }

  private static final String OUTGOING_CLIENT = RouterPair.HTTP.outgoingClient();

  /**
   * Node 1's outgoing router of the pair counted all {@code total} requests, each node's incoming
   * router what it delivered to its pod, and the other outgoing routers nothing.
   */
  private void awaitPairDeltas(Map<Integer, JsonObject> before, RouterPair pair,
      Map<String, Integer> served, IntFunction<String> pod, int total) throws Exception {
    c.awaitDelta(1, before, pair.outgoingClient() + "/requests", total);
    c.awaitDelta(1, before, pair.service("outgoing") + "/requests", total);
    for (int node = 1; node <= NODES; node++) {
      int delivered = served.getOrDefault(pod.apply(node), 0);
      c.awaitDelta(node, before, pair.incomingClient(nodeName(node)) + "/requests", delivered);
      c.awaitDelta(node, before, pair.service("incoming") + "/requests", delivered);
      c.awaitDelta(node, before, pair.servers("incoming") + "/requests", delivered);
      if (node != 1) {
        c.awaitDelta(node, before, pair.servers("outgoing") + "/requests", 0);
      }
    }
  }

  /**
   * Two hops ({@code via}), and the last one came from the pod's own node, through the incoming
   * router that kept the endpoints on that node ({@code l5d-dst-client}).
   */
  private void assertLastHopLocal(int node, Map<String, String> seen, RouterPair pair,
      String via) {
    assertEquals(via, seen.get("via"), "two hops: " + seen);
    assertEquals(c.net().address(node), seen.get("peer"), "the last hop's peer: " + seen);
    assertEquals(pair.lastHopClient(nodeName(node)), seen.get("l5d-dst-client"), seen.toString());
  }

  /** Every node's pod got a share: fair share total/3; at least total/10 is over 3.5 sd below. */
  private static void assertSpread(Map<String, Integer> served, int total) {
    for (String pod : served.keySet()) {
      assertTrue(pod.matches(".*-n[1-3]"), "an answer from " + pod + ": " + served);
    }
    assertEquals(NODES, served.size(), "pods that answered: " + served);
    for (int count : served.values()) {
      assertTrue(count >= total / 10, "a pod got " + count + " of " + total + ": " + served);
    }
  }

  private static List<Reply> sendAllOk(HelloClient client, String url, int n) throws Exception {
    List<Reply> replies = client.get(url, n);
    for (Reply reply : replies) {
      assertEquals(200, reply.status(), "a request failed: " + reply.body());
    }
    return replies;
  }

  private static int nodeOf(String pod, IntFunction<String> podName) {
    for (int node = 1; node <= NODES; node++) {
      if (pod.equals(podName.apply(node))) {
        return node;
      }
    }
    throw new AssertionError("not an answer of a pod on a node: " + pod);
  }
}
