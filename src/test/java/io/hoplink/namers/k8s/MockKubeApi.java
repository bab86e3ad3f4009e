package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * A stand-alone mock Kubernetes API for multi-process and multi-node tests: fabric8's mock
 * server in CRUD mode, serving plain HTTP on a given address, holding whatever is created
 * (Pods, Services, EndpointSlices, Endpoints...) and streaming watch events for it. Drive it
 * with the Kubernetes API itself: POST, PUT and DELETE objects as {@code kubectl} or
 * {@code curl} would, e.g. add or remove an endpoint by PUTting the EndpointSlice.
 *
 * <pre>
 * java -cp ... io.hoplink.namers.k8s.MockKubeApi 10.0.0.1 8001 objects.yaml...
 * curl -X PUT -H 'Content-Type: application/json' --data @slice.json \
 *   http://10.0.0.1:8001/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/world-1
 * </pre>
 *
 * Each file holds YAML or JSON objects (one, several separated by {@code ---}, or a List);
 * they are created before it prints {@code mock Kubernetes API listening on http://ip:port}.
 * It runs until stdin closes or the process is stopped. {@code --resource-version=N} (before the
 * files) makes every resourceVersion it hands out greater than N: a restarted API server keeps
 * etcd's revisions, so a test that restarts the mock passes the last version of the run before
 * (informers take an object whose resourceVersion they already hold for an unchanged one).
 */
public final class MockKubeApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockKubeApi(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Serves on {@code address}:{@code port} (0: any free port). */
  public static MockKubeApi start(InetAddress address, int port) {
    return start(address, port, 0);
  }

  /** {@link #start(InetAddress, int)} handing out resourceVersions above {@code lastVersion}. */
  public static MockKubeApi start(InetAddress address, int port, long lastVersion) {
    requireNonNull(address, "address");
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    for (long v = 0; v < lastVersion; v++) {
      dispatcher.requestResourceVersion();
    }
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), dispatcher, false);
    server.init(address, port);
    return new MockKubeApi(server);
  }

  public int port() {
    return server.getPort();
  }

  /** A client of this API, for tests that drive it in process. */
  public KubernetesClient client() {
    return client;
  }

  /** Creates (or replaces) every object in {@code text}: YAML or JSON, one or many. */
  public List<HasMetadata> apply(String text) {
    List<HasMetadata> out = new ArrayList<>();
    for (String document : text.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Object parsed = Serialization.unmarshal(document);
      List<HasMetadata> objects = new ArrayList<>();
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else if (parsed instanceof HasMetadata object) {
        objects.add(object);
      } else if (parsed instanceof List<?> list) {
        list.forEach(o -> objects.add((HasMetadata) o));
      }
      for (HasMetadata object : objects) {
        out.add(client.resource(object).createOr(existing -> existing.update()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // its Vert.x may close slowly while watch sockets close; the process is ending anyway
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: MockKubeApi IP PORT [--resource-version=N] [OBJECTS.yaml...]");
      System.exit(64);
    }
    int first = 2;
    long lastVersion = 0;
    if (args.length > 2 && args[2].startsWith("--resource-version=")) {
      lastVersion = Long.parseLong(args[2].substring("--resource-version=".length()));
      first = 3;
    }
    MockKubeApi api = start(InetAddress.getByName(args[0]), Integer.parseInt(args[1]), lastVersion);
    for (int i = first; i < args.length; i++) {
      api.apply(Files.readString(Path.of(args[i])));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(api::close));
    System.out.println("mock Kubernetes API listening on http://" + args[0] + ":" + api.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // run until stdin closes
    }
    api.close();
    System.exit(0);
  }
}
