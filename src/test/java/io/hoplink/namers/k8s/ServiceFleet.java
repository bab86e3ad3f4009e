package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Many Services on one node, for {@link MockKubeApi}'s start-up file: Services
 * {@code svc-0001}..{@code svc-<count>}, each with port {@code http} and an EndpointSlice of
 * {@code endpoints} ready pods at 127.0.0.1, 127.0.0.2, ... on the backend's port, and the
 * routers' Service {@code l5d} with one pod on the same node, its ports as given. The memory
 * bench ({@code src/test/bench/k8s-memory-bench.sh}) serves it to a router shaped like the
 * DaemonSet's.
 *
 * <pre>
 * java -cp ... io.hoplink.namers.k8s.ServiceFleet OUT.yaml 1000 BACKEND_PORT 2 node-1 \
 *     incoming=4141 h2-incoming=4241 grpc-incoming=4341
 * </pre>
 */
public final class ServiceFleet {
  static final String NAMESPACE = "default";

  private ServiceFleet() {}

  /** The Service names, in order. */
  public static List<String> names(int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(String.format("svc-%04d", i));
    }
    return out;
  }

  /** Every object: the services, their slices, and the routers' service on {@code node}. */
  public static List<HasMetadata> objects(int count, int backendPort, int endpoints, String node,
      Map<String, Integer> routerPorts) {
    if (count < 1 || endpoints < 1 || endpoints > 254) {
      throw new IllegalArgumentException("count " + count + ", endpoints " + endpoints
          + " (expected: count >= 1, endpoints 1 to 254)");
    }
    List<HasMetadata> out = new ArrayList<>();
    for (String name : names(count)) {
      out.add(KubeObjects.service(NAMESPACE, name, "http", 80, backendPort));
      List<Endpoint> pods = new ArrayList<>();
      for (int e = 1; e <= endpoints; e++) {
        pods.add(KubeObjects.endpoint("127.0.0." + e, node, name + "-" + e));
      }
      out.add(KubeObjects.slice(NAMESPACE, name + "-x1", name, "http", backendPort, pods,
          Map.of()));
    }
    List<EndpointPort> ports = new ArrayList<>();
    routerPorts.forEach((name, port) -> ports.add(new EndpointPortBuilder().withName(name)
        .withPort(port).withProtocol("TCP").build()));
    EndpointSlice l5d = KubeObjects.slice(NAMESPACE, "l5d-x1", "l5d", "unused", 1,
        List.of(KubeObjects.endpoint("127.0.0.1", node, "l5d-" + node)), Map.of());
    l5d.setPorts(ports);
    out.add(l5d);
    return out;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      System.err.println("usage: ServiceFleet OUT.yaml COUNT BACKEND_PORT ENDPOINTS NODE"
          + " PORT_NAME=PORT...");
      System.exit(64);
    }
    Map<String, Integer> routerPorts = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(args[i] + " (expected: PORT_NAME=PORT)");
      }
      routerPorts.put(kv[0], Integer.parseInt(kv[1]));
    }
    List<HasMetadata> objects = objects(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), args[4], routerPorts);
    Files.writeString(Path.of(args[0]), objects.stream().map(Serialization::asYaml)
        .collect(Collectors.joining("\n---\n")));
  }
}
