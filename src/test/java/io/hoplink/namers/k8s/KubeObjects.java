package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Builders for the Kubernetes objects the k8s tests serve. */
public final class KubeObjects {
  private KubeObjects() {}

  /** A ready endpoint {@code ip} on {@code node} for pod {@code pod}. */
  public static Endpoint endpoint(String ip, String node, String pod) {
    return endpoint(ip, node, pod, true);
  }

  public static Endpoint endpoint(String ip, String node, String pod, boolean ready) {
    EndpointBuilder b = new EndpointBuilder().withAddresses(ip).withNewConditions()
        .withReady(ready).endConditions();
    if (node != null) {
      b.withNodeName(node);
    }
    if (pod != null) {
      b.withNewTargetRef().withKind("Pod").withName(pod).endTargetRef();
    }
    return b.build();
  }

  /** A slice of Service {@code service} with one port. */
  public static EndpointSlice slice(String namespace, String name, String service,
      String portName, int port, List<Endpoint> endpoints, Map<String, String> moreLabels) {
    EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace)
        .withName(name).addToLabels("kubernetes.io/service-name", service)
        .addToLabels(moreLabels).endMetadata().withAddressType("IPv4")
        .withEndpoints(endpoints)
        .withPorts(new EndpointPortBuilder().withName(portName).withPort(port)
            .withProtocol("TCP").build());
    return b.build();
  }

  /** A Service exposing {@code port} as {@code portName} onto {@code targetPort}. */
  public static Service service(String namespace, String name, String portName, int port,
      int targetPort) {
    return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .endMetadata().withNewSpec().withPorts(new ServicePortBuilder().withName(portName)
            .withPort(port).withTargetPort(new IntOrString(targetPort)).withProtocol("TCP")
            .build()).endSpec().build();
  }
}
