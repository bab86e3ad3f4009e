package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.hoplink.naming.NamerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A connection to the Kubernetes API through fabric8's client on the JDK HTTP client (its
 * threads, never Vert.x's). With {@code host} or {@code port} given it speaks plain HTTP to
 * {@code host:port} (default {@code localhost:8001}, a {@code kubectl proxy} as in Linkerd);
 * with neither, inside a pod it uses the pod's service account (token re-read as the kubelet
 * rotates it, CA from {@code ca.crt}, {@code KUBERNETES_SERVICE_HOST/PORT}).
 */
public final class KubeApi implements AutoCloseable {
  /** Where Kubernetes mounts the service account into a pod. */
  public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  static final String DEFAULT_HOST = "localhost";
  static final int DEFAULT_PORT = 8001;

  private final KubernetesClient client;
  private final ExecutorService executor;
  private final String target;

  private KubeApi(Config config, String target, NamerContext ctx) {
    this.executor = Executors.newCachedThreadPool(ctx.threads());
    this.client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).withTaskExecutor(executor).build();
    this.target = target;
  }

  /** Connects as described above; {@code reconnect} is the first watch retry interval. */
  public static KubeApi connect(Optional<String> host, Optional<Integer> port, NamerContext ctx,
      Duration reconnect) {
    return connect(host, port, ctx, reconnect, SERVICE_ACCOUNT);
  }

  static KubeApi connect(Optional<String> host, Optional<Integer> port, NamerContext ctx,
      Duration reconnect, Path serviceAccount) {
    requireNonNull(ctx, "ctx");
    Map<String, String> env = ctx.env();
    String apiHost = env.get("KUBERNETES_SERVICE_HOST");
    if (host.isEmpty() && port.isEmpty() && apiHost != null
        && Files.isReadable(serviceAccount.resolve("token"))) {
      String url = "https://" + bracket(apiHost) + ":"
          + env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
      ConfigBuilder config = base(url, reconnect)
          .withOauthTokenProvider(new ServiceAccountToken(serviceAccount.resolve("token"), ctx.clock()));
      Path ca = serviceAccount.resolve("ca.crt");
      if (Files.isReadable(ca)) {
        config.withCaCertFile(ca.toString());
      }
      return new KubeApi(config.build(), url + " (service account)", ctx);
    }
    String url = "http://" + bracket(host.orElse(DEFAULT_HOST)) + ":" + port.orElse(DEFAULT_PORT);
    return new KubeApi(base(url, reconnect).build(), url, ctx);
  }

  private static ConfigBuilder base(String url, Duration reconnect) {
    return new ConfigBuilder(Config.empty()).withAutoConfigure(false).withMasterUrl(url)
        .withWatchReconnectInterval((int) Math.max(1, reconnect.toMillis()))
        .withWatchReconnectLimit(-1)
        .withRequestRetryBackoffInterval((int) Math.max(1, reconnect.toMillis()))
        .withRequestRetryBackoffLimit(3)
        .withConnectionTimeout(10_000)
        .withRequestTimeout(30_000);
  }

  private static String bracket(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  KubernetesClient client() {
    return client;
  }

  /** The API's URL, for the admin page. */
  public String target() {
    return target;
  }

  @Override
  public void close() {
    client.close();
    executor.shutdownNow();
  }
}
