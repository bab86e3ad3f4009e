package io.hoplink.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The world pods of the multi-node test: a {@link WorldServer} process inside each node's
 * network namespace, on the node's address and {@link KubeCluster#WORLD_PORT}.
 */
final class WorldPods implements AutoCloseable {
  private final NetworkNamespaces net;
  private final List<LoggedProcess> pods = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private WorldPods(NetworkNamespaces net) {
    this.net = net;
  }

  /** Starts pod {@link KubeCluster#worldPod}(i) on each node i, named {@code nodeNames[i-1]}. */
  static WorldPods launch(Path dir, NetworkNamespaces net, List<String> nodeNames)
      throws IOException {
    WorldPods worlds = new WorldPods(net);
    startInEveryNode(worlds, worlds.pods, dir, net, nodeNames.size(), "world", WorldServer.class, i -> List.of(
        KubeCluster.worldPod(i), nodeNames.get(i - 1), net.address(i),
        Integer.toString(KubeCluster.WORLD_PORT)));
    return worlds;
  }

  /**
   * Starts {@code main} as a small JVM in each node i of {@code nodes}, with {@code args.apply(i)}, into
   * {@code pods}; on a failure closes {@code owner} (what was started so far) and rethrows.
   */
  static void startInEveryNode(AutoCloseable owner, List<LoggedProcess> pods, Path dir,
      NetworkNamespaces net, int nodes, String name, Class<?> main,
      IntFunction<List<String>> args)
      throws IOException {
    try {
      for (int i = 1; i <= nodes; i++) {
        pods.add(LoggedProcess.start(dir, name + i, net.inNode(i, LoggedProcess.java(
            List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), main,
            args.apply(i).toArray(String[]::new)))));
      }
    } catch (IOException | RuntimeException e) {
      try {
        owner.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  void awaitReady(Duration timeout) {
    pods.forEach(p -> p.awaitLog("listening on", timeout));
  }

  /** How many requests each pod has served, asked directly (not through the routers); 1-based. */
  int[] served() throws IOException, InterruptedException {
    int[] out = new int[pods.size() + 1];
    for (int node = 1; node <= pods.size(); node++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://"
          + net.address(node) + ":" + KubeCluster.WORLD_PORT + "/requests"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      out[node] = Integer.parseInt(r.body().trim());
    }
    return out;
  }

  @Override
  public void close() {
    pods.forEach(LoggedProcess::close);
  }
}
