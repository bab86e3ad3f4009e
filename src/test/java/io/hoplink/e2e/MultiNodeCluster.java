package io.hoplink.e2e;

import static io.hoplink.e2e.AdminMetrics.delta;
import static io.hoplink.e2e.HelloClient.servedBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * The cluster of {@link MultiNodeIT}: {@link #NODES} network-namespace nodes, each with the
 * packaged jar running the ConfigMap's config (http, h2 and gRPC router pairs) and the
 * DaemonSet's environment, a world pod and an h2 pod; the mock Kubernetes API in its own process
 * in the test's namespace; and the apps on node 1: {@link #hello} (curl through 4140),
 * {@link #h2Hello} (curl, HTTP/2 to 4240) and {@link #greeter} (grpc-java to 4340).
 */
final class MultiNodeCluster implements AutoCloseable {
  static final int NODES = 3;
  static final Duration START = Duration.ofSeconds(60);
  static final String WORLD = "http://world/";
  static final String WORLD_H2 = "http://world-h2/";
  /** The identity the mTLS DaemonSet's routers check each other for (its service account). */
  static final String MESH_NAME = "l5d.default.serviceaccount.identity.hoplink.cluster.local";

  private final Path dir;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final HoplinkProcess[] routers = new HoplinkProcess[NODES + 1];
  private NetworkNamespaces net;
  private KubeCluster kube;
  private KubeApiProcess api;
  private WorldPods worlds;
  private H2WorldPods h2Worlds;
  private HelloClient hello;
  private HelloClient h2Hello;
  private GreeterClient greeter;
  private long lastVersion;
  private int apiPort;

  /** Whether the routers run the mTLS DaemonSet's config, with certificates made here. */
  private final boolean mtls;

  private MultiNodeCluster(Path dir, boolean mtls) {
    this.dir = dir;
    this.mtls = mtls;
  }

  /** Starts everything and returns once every pod has answered through node 1's routers. */
  static MultiNodeCluster start(Path dir) throws Exception {
    return start(dir, false);
  }

  /**
   * As {@link #start(Path)}; with {@code mtls} the routers run daemonset/mtls's config, each
   * with its own certificate from one mesh CA (made here with openssl, in the layout the
   * identity writes), for the name the config's clients check.
   */
  static MultiNodeCluster start(Path dir, boolean mtls) throws Exception {
    MultiNodeCluster c = new MultiNodeCluster(dir, mtls);
    try {
      c.launch();
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void launch() throws Exception {
    NetworkNamespaces.requireRootAnd("curl");
    net = NetworkNamespaces.create(NODES);
    resources.push(net);
    List<String> names = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      names.add(nodeName(i));
      addresses.add(net.address(i));
    }
    kube = new KubeCluster(names, addresses);
    api = KubeApiProcess.launch(dir, net.hostAddress(), 0, 0, kube.yaml());
    resources.push(api);
    worlds = WorldPods.launch(dir, net, names);
    resources.push(worlds);
    h2Worlds = H2WorldPods.launch(dir, net, names);
    resources.push(h2Worlds);
    api.awaitReady(START);
    io.hoplink.router.tls.TestCerts certs = new io.hoplink.router.tls.TestCerts(dir);
    if (mtls) {
      certs.ca("mesh-ca");
    }
    for (int i = 1; i <= NODES; i++) {
      String config = DaemonsetManifests.routerConfig(net.hostAddress(), api.port());
      if (mtls) {
        Path node = java.nio.file.Files.createDirectories(dir.resolve("identity-" + i));
        certs.leaf("node-" + i, MESH_NAME, "mesh-ca");
        java.nio.file.Files.copy(certs.pem("node-" + i), node.resolve("tls.crt"));
        java.nio.file.Files.copy(certs.keyOf("node-" + i), node.resolve("tls.key"));
        java.nio.file.Files.copy(certs.pem("mesh-ca"), node.resolve("ca.crt"));
        config = DaemonsetManifests.mtlsRouterConfig(net.hostAddress(), api.port(), node);
      }
      routers[i] = HoplinkProcess.launchIn(dir, net.inNode(i, List.of()), config,
          DaemonsetManifests.routerEnv(nodeName(i), net.address(i), net.address(i)), net.address(i));
      resources.push(routers[i]);
    }
    worlds.awaitReady(START);
    h2Worlds.awaitReady(START);
    for (int i = 1; i <= NODES; i++) {
      routers[i].awaitLog("admin listening on", START);
    }
    hello = new HelloClient(net.inNode(1, List.of()), net.address(1) + ":4140");
    h2Hello = HelloClient.h2(net.inNode(1, List.of()), net.address(1) + ":4240");
    greeter = new GreeterClient(net.inNode(1, List.of()), net.address(1) + ":4340");
    // The routers list and watch the API; once every pod has answered, every route is up.
    awaitEveryNode("world", () -> hello.get(WORLD, 9), r -> servedBy(r).size());
    awaitEveryNode("h2 world", () -> h2Hello.get(WORLD_H2, 9), r -> servedBy(r).size());
    awaitEveryNode("greeter", () -> greeter.run("hello:9"), r -> r.stream()
        .filter(call -> call.code() == 0).map(call -> call.field("pod")).distinct().count());
  }

  private interface Attempt<T> {
    List<T> run() throws Exception;
  }

  /** Sends batches until {@code pods} of a batch counts every node's pod. */
  private <T> void awaitEveryNode(String what, Attempt<T> batch, ToLongFunction<List<T>> pods)
      throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    int batches = 1;
    for (List<T> answers = batch.run(); pods.applyAsLong(answers) < NODES; answers = batch.run()) {
      if (System.nanoTime() > deadline) {
        fail("not every " + what + " pod answered within " + START + "; the last answers: "
            + answers + "\nnode 1's router:\n" + routers[1].log());
      }
      batches++;
      HoplinkProcess.pause();
    }
    System.out.println("MultiNodeIT: every " + what + " pod answered within " + batches + " batches");
  }

  static String nodeName(int i) {
    return "node-" + i;
  }

  NetworkNamespaces net() {
    return net;
  }

  KubeCluster kube() {
    return kube;
  }

  KubeApiProcess api() {
    return api;
  }

  WorldPods worlds() {
    return worlds;
  }

  H2WorldPods h2Worlds() {
    return h2Worlds;
  }

  HoplinkProcess router(int node) {
    return routers[node];
  }

  HelloClient hello() {
    return hello;
  }

  HelloClient h2Hello() {
    return h2Hello;
  }

  GreeterClient greeter() {
    return greeter;
  }

  /** The API server dies (SIGKILL); {@link #restartApi} brings it back. */
  void killApi() throws Exception {
    lastVersion = api.resourceVersion();
    apiPort = api.port();
    api.kill();
  }

  /** The API comes back on the same address with the same objects, as on the same etcd. */
  void restartApi() throws Exception {
    api = KubeApiProcess.launch(dir, net.hostAddress(), apiPort, lastVersion, kube.yaml());
    resources.push(api);
    api.awaitReady(START);
  }

  JsonObject metrics(int node) throws Exception {
    return AdminMetrics.read(routers[node]);
  }

  Map<Integer, JsonObject> metricsOfAll() throws Exception {
    Map<Integer, JsonObject> out = new TreeMap<>();
    for (int node = 1; node <= NODES; node++) {
      out.put(node, metrics(node));
    }
    return out;
  }

  /** Waits until node's metrics matching {@code regex} are up by {@code expected} since before. */
  void awaitDelta(int node, Map<Integer, JsonObject> before, String regex, long expected)
      throws Exception {
    AdminMetrics.await(routers[node], m -> delta(before.get(node), m, regex) == expected,
        "node " + node + ": " + regex + " up by " + expected);
  }

  /**
   * Whether the k8s namer of every running router says its watches are down ({@code false}: some
   * watch is not watching) or up ({@code true}: every watch is watching).
   */
  boolean allNamersWatching(boolean up) throws Exception {
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

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("cleanup: " + e);
      }
    }
  }
}
