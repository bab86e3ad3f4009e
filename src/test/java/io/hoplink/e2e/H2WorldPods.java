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
 * The h2 pods of the multi-node test: an {@link H2WorldServer} process inside each node's network
 * namespace, on the node's address, {@link KubeCluster#H2_PORT} and {@link KubeCluster#GRPC_PORT}.
 */
final class H2WorldPods implements AutoCloseable {
  private final NetworkNamespaces net;
  private final List<LoggedProcess> pods = new ArrayList<>();

  private H2WorldPods(NetworkNamespaces net) {
    this.net = net;
  }

  /** Starts pod {@link KubeCluster#h2Pod}(i) on each node i, named {@code nodeNames[i-1]}. */
  static H2WorldPods launch(Path dir, NetworkNamespaces net, List<String> nodeNames)
      throws IOException {
    H2WorldPods worlds = new H2WorldPods(net);
    WorldPods.startInEveryNode(worlds, worlds.pods, dir, net, nodeNames.size(), "h2world",
        H2WorldServer.class,
        i -> List.of(KubeCluster.h2Pod(i), nodeNames.get(i - 1), net.address(i),
            Integer.toString(KubeCluster.H2_PORT), Integer.toString(KubeCluster.GRPC_PORT)));
    return worlds;
  }

  void awaitReady(Duration timeout) {
    pods.forEach(p -> p.awaitLog("listening on", timeout));
  }

  /**
   * How many requests each pod has served on its h2 port, asked directly with curl over h2c
   * (not through the routers); 1-based.
   */
  int[] served() throws IOException, InterruptedException {
    int[] out = new int[pods.size() + 1];
    for (int node = 1; node <= pods.size(); node++) {
      out[node] = Integer.parseInt(NetworkNamespaces.run("curl", "-sS", "--max-time", "10",
          "--http2-prior-knowledge", "http://" + net.address(node) + ":" + KubeCluster.H2_PORT
              + "/requests").trim());
    }
    return out;
  }

  /** The status and body of an HTTP/1.1 GET sent straight to the h2 port of node's pod. */
  HttpResponse<String> http11(int node) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://" + net.address(node) + ":"
        + KubeCluster.H2_PORT + "/")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    pods.forEach(LoggedProcess::close);
  }
}
