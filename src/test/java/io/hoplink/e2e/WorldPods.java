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
    try {
      for (int i = 1; i <= nodeNames.size(); i++) {
        worlds.pods.add(LoggedProcess.start(dir, "world" + i, net.inNode(i, LoggedProcess.java(
            List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), WorldServer.class,
            KubeCluster.worldPod(i), nodeNames.get(i - 1), net.address(i),
            Integer.toString(KubeCluster.WORLD_PORT)))));
      }
    } catch (IOException | RuntimeException e) {
      worlds.close();
      throw e;
    }
    return worlds;
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
