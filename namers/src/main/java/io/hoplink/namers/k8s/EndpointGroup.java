package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.hoplink.naming.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ready endpoints that share their ports: one EndpointSlice, or one subset of a v1 Endpoints
 * object. Ports are TCP only and named by the Service's port names ({@code ""} for an unnamed
 * single port); each number is the target port on the pods.
 */
record EndpointGroup(Map<String, Integer> ports, Set<Pod> pods) {
  /** One ready endpoint: its IP and, when Kubernetes says, its node and pod. */
  record Pod(String ip, String nodeName, String podName) {
    Address at(int port) {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("podIp", ip);
      if (nodeName != null) {
        meta.put("nodeName", nodeName);
      }
      if (podName != null) {
        meta.put("pod", podName);
      }
      return new Address(ip, port, 1.0, meta);
    }
  }

  EndpointGroup {
    ports = Map.copyOf(ports);
    pods = Set.copyOf(pods);
  }

  static List<EndpointGroup> fromSlices(List<EndpointSlice> slices) {
    List<EndpointGroup> out = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      Map<String, Integer> ports = new HashMap<>();
      for (EndpointPort port : nonNull(slice.getPorts())) {
        if (port.getPort() != null && isTcp(port.getProtocol())) {
          ports.put(port.getName() == null ? "" : port.getName(), port.getPort());
        }
      }
      Set<Pod> pods = new HashSet<>();
      for (Endpoint endpoint : nonNull(slice.getEndpoints())) {
        // Kubernetes: a missing ready condition means ready.
        boolean ready = endpoint.getConditions() == null
            || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (ready) {
          for (String ip : nonNull(endpoint.getAddresses())) {
            pods.add(new Pod(ip, endpoint.getNodeName(), podName(endpoint.getTargetRef())));
          }
        }
      }
      out.add(new EndpointGroup(ports, pods));
    }
    return out;
  }

  static List<EndpointGroup> fromEndpoints(List<Endpoints> objects) {
    List<EndpointGroup> out = new ArrayList<>();
    for (Endpoints endpoints : objects) {
      for (EndpointSubset subset : nonNull(endpoints.getSubsets())) {
        Map<String, Integer> ports = new HashMap<>();
        for (io.fabric8.kubernetes.api.model.EndpointPort port : nonNull(subset.getPorts())) {
          if (port.getPort() != null && isTcp(port.getProtocol())) {
            ports.put(port.getName() == null ? "" : port.getName(), port.getPort());
          }
        }
        Set<Pod> pods = new HashSet<>();
        for (EndpointAddress address : nonNull(subset.getAddresses())) {
          pods.add(new Pod(address.getIp(), address.getNodeName(), podName(address.getTargetRef())));
        }
        out.add(new EndpointGroup(ports, pods));
      }
    }
    return out;
  }

  private static String podName(ObjectReference ref) {
    return ref != null && "Pod".equals(ref.getKind()) ? ref.getName() : null;
  }

  private static boolean isTcp(String protocol) {
    return protocol == null || protocol.equalsIgnoreCase("TCP");
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
