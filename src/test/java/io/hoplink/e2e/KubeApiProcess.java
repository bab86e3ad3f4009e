package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.hoplink.namers.k8s.MockKubeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock Kubernetes API ({@link MockKubeApi}'s main) as a process of its own, as the cluster's
 * API server is: routers reach it over the network, the test drives it through the Kubernetes
 * API with a client of its own, and it can die and come back on the same address.
 */
final class KubeApiProcess implements AutoCloseable {
  private final LoggedProcess process;
  private final String host;
  private volatile KubernetesClient client;
  private volatile int port;

  private KubeApiProcess(LoggedProcess process, String host) {
    this.process = process;
    this.host = host;
  }

  /**
   * Starts serving {@code objectsYaml} on {@code host:port} (0: any) and returns at once; the
   * resourceVersions it hands out are above {@code lastVersion} (that of an earlier run, which
   * a restarted API server on the same etcd continues from).
   */
  static KubeApiProcess launch(Path dir, String host, int port, long lastVersion,
      String objectsYaml) throws IOException {
    Path objects = Files.writeString(dir.resolve("objects-" + System.nanoTime() + ".yaml"),
        objectsYaml);
    return new KubeApiProcess(LoggedProcess.start(dir, "kube-api", LoggedProcess.java(
        List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), MockKubeApi.class,
        host, Integer.toString(port), "--resource-version=" + lastVersion, objects.toString())),
        host);
  }

  /** Waits until it serves, then connects the test's client. */
  KubeApiProcess awaitReady(Duration timeout) {
    process.awaitLog("mock Kubernetes API listening on", timeout);
    Matcher m = Pattern.compile("listening on http://\\S+:(\\d+)").matcher(process.log());
    assertTrue(m.find(), process.log());
    port = Integer.parseInt(m.group(1));
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl("http://" + host + ":" + port).withAutoConfigure(false).build())
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    return this;
  }

  int port() {
    return port;
  }

  KubernetesClient client() {
    return client;
  }

  /** The resourceVersion of the latest write (the mock counts versions across all kinds). */
  long resourceVersion() {
    return Long.parseLong(client.discovery().v1().endpointSlices().inNamespace("default").list()
        .getMetadata().getResourceVersion());
  }

  /** The API server dies (SIGKILL): connections drop without a goodbye. */
  void kill() throws InterruptedException {
    closeClient();
    process.kill();
  }

  private void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  public void close() {
    closeClient();
    process.close();
  }
}
