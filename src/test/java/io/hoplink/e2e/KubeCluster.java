package io.hoplink.e2e;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the Kubernetes API of the multi-node test holds, kept here as the source of truth and
 * changed the way Kubernetes' controllers would change it: one router pod {@code l5d-n<i>} per
 * node (the DaemonSet's), world pods {@code world-v1-n<i>}, h2 pods {@code world-h2-n<i>}
 * (HTTP/2 and gRPC), Services {@code l5d} (from l5d.yaml), {@code world-v1} (port {@code http}),
 * {@code world-h2} (port {@code h2}) and {@code greeter} (port {@code grpc}, the h2 pods' gRPC
 * service {@link Greeter#SERVICE}, which the gRPC routers' dtab names {@code greeter}), and one
 * EndpointSlice per Service listing the pods with their node and readiness. Every pod's IP is its
 * node's address, as each node is one network namespace.
 */
final class KubeCluster {
  static final String NAMESPACE = "default";
  static final int WORLD_PORT = 7777;
  static final int H2_PORT = 7778;
  static final int GRPC_PORT = 7779;

  private final List<String> nodeNames;
  private final List<String> addresses;
  private final boolean[] routerReady;
  private final boolean[] worldPresent;

  /** Nodes {@code nodeNames[i]} at {@code addresses[i]}, each with a ready router and world pod. */
  KubeCluster(List<String> nodeNames, List<String> addresses) {
    this.nodeNames = List.copyOf(nodeNames);
    this.addresses = List.copyOf(addresses);
    this.routerReady = new boolean[nodeNames.size()];
    this.worldPresent = new boolean[nodeNames.size()];
    java.util.Arrays.fill(routerReady, true);
    java.util.Arrays.fill(worldPresent, true);
  }

  static String routerPod(int node) {
    return "l5d-n" + node;
  }

  static String worldPod(int node) {
    return "world-v1-n" + node;
  }

  static String h2Pod(int node) {
    return "world-h2-n" + node;
  }

  /** Every object, for the API's start-up file. */
  List<HasMetadata> objects() {
    List<HasMetadata> out = new ArrayList<>();
    out.add(DaemonsetManifests.l5dService());
    out.add(service("world-v1", "world-v1", "http", WORLD_PORT));
    out.add(service("world-h2", "world-h2", "h2", H2_PORT));
    out.add(service("greeter", "world-h2", "grpc", GRPC_PORT));
    for (int i = 1; i <= nodeNames.size(); i++) {
      out.add(routerPod(i, routerReady[i - 1]));
      if (worldPresent[i - 1]) {
        out.add(worldPod(i, true));
      }
      out.add(pod(h2Pod(i), Map.of("app", "world-h2"), i, true));
    }
    out.add(l5dSlice());
    out.add(worldSlice());
    out.add(h2Slice("world-h2", "h2", H2_PORT));
    out.add(h2Slice("greeter", "grpc", GRPC_PORT));
    return out;
  }

  /** {@link #objects} as YAML documents, which MockKubeApi's main loads. */
  String yaml() {
    return objects().stream().map(Serialization::asYaml).collect(Collectors.joining("\n---\n"));
  }

  /** The world pod on {@code node} is scheduled and ready (or deleted). */
  void setWorld(int node, boolean present, KubernetesClient k8s) {
    worldPresent[node - 1] = present;
    if (present) {
      k8s.resource(worldPod(node, true)).create();
    } else {
      k8s.pods().inNamespace(NAMESPACE).withName(worldPod(node)).delete();
    }
    k8s.resource(worldSlice()).update();
  }

  /** The router pod on {@code node} passes (or fails) its readiness probe. */
  void setRouterReady(int node, boolean ready, KubernetesClient k8s) {
    routerReady[node - 1] = ready;
    k8s.resource(routerPod(node, ready)).updateStatus();
    k8s.resource(l5dSlice()).update();
  }

  private Pod routerPod(int node, boolean ready) {
    return pod(routerPod(node), DaemonsetManifests.podLabels(), node, ready);
  }

  private Pod worldPod(int node, boolean ready) {
    return pod(worldPod(node), Map.of("app", "world-v1"), node, ready);
  }

  private Pod pod(String name, Map<String, String> labels, int node, boolean ready) {
    String ip = addresses.get(node - 1);
    return new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
        .withLabels(labels).endMetadata()
        .withNewSpec().withNodeName(nodeNames.get(node - 1)).addNewContainer()
        .withName(name.startsWith("l5d") ? "l5d" : "world").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP(ip)
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus().build();
  }

  private static Service service(String name, String app, String portName, int targetPort) {
    return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
        .endMetadata().withNewSpec().addToSelector("app", app).addNewPort().withName(portName)
        .withPort(80).withTargetPort(new IntOrString(targetPort)).withProtocol("TCP").endPort()
        .endSpec().build();
  }

  /** The routers' slice: the container ports by name, one endpoint per router pod. */
  private EndpointSlice l5dSlice() {
    List<EndpointPort> ports = new ArrayList<>();
    for (ContainerPort port : DaemonsetManifests.router().getPorts()) {
      ports.add(new EndpointPortBuilder().withName(port.getName()).withPort(port.getContainerPort())
          .withProtocol("TCP").build());
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= nodeNames.size(); i++) {
      endpoints.add(endpoint(i, routerPod(i), routerReady[i - 1]));
    }
    return slice("l5d", ports, endpoints);
  }

  private EndpointSlice worldSlice() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= nodeNames.size(); i++) {
      if (worldPresent[i - 1]) {
        endpoints.add(endpoint(i, worldPod(i), true));
      }
    }
    return slice("world-v1", List.of(new EndpointPortBuilder().withName("http")
        .withPort(WORLD_PORT).withProtocol("TCP").build()), endpoints);
  }

  /** A Service of the h2 pods (which never change): all of them on its one port. */
  private EndpointSlice h2Slice(String service, String portName, int port) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= nodeNames.size(); i++) {
      endpoints.add(endpoint(i, h2Pod(i), true));
    }
    return slice(service, List.of(new EndpointPortBuilder().withName(portName).withPort(port)
        .withProtocol("TCP").build()), endpoints);
  }

  private Endpoint endpoint(int node, String pod, boolean ready) {
    return new EndpointBuilder().withAddresses(addresses.get(node - 1))
        .withNodeName(nodeNames.get(node - 1)).withNewConditions().withReady(ready)
        .withServing(ready).withTerminating(false).endConditions()
        .withNewTargetRef().withKind("Pod").withNamespace(NAMESPACE).withName(pod).endTargetRef()
        .build();
  }

  private static EndpointSlice slice(String service, List<EndpointPort> ports,
      List<Endpoint> endpoints) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE)
        .withName(service + "-x7k2q").addToLabels("kubernetes.io/service-name", service)
        .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
        .endMetadata().withAddressType("IPv4").withPorts(ports).withEndpoints(endpoints).build();
  }
}
