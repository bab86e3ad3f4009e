package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the port segment of a name against what the API says: a port name is looked up in
 * the endpoint groups' port names (the Service's port names; each group maps it to its pods'
 * target port); a number is a Service port, whose name is then looked up the same way. A port
 * no group has, or a number the Service does not expose, is negative, as in Linkerd.
 */
final class PortLookup {
  private PortLookup() {}

  static boolean isNumber(String port) {
    return !port.isEmpty() && port.chars().allMatch(Character::isDigit) && port.length() <= 5;
  }

  /** The endpoints of {@code portName}; NEG when no group has that port. */
  static Addr byName(String portName, List<EndpointGroup> groups) {
    boolean found = false;
    Set<Address> out = new HashSet<>();
    for (EndpointGroup group : groups) {
      Integer number = group.ports().get(portName);
      if (number != null) {
        found = true;
        group.pods().forEach(pod -> out.add(pod.at(number)));
      }
    }
    return found ? Addr.bound(out) : Addr.NEG;
  }

  /** The endpoints of Service port {@code number}; NEG when the Service is missing or lacks it. */
  static Addr byNumber(int number, Service service, List<EndpointGroup> groups) {
    if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
      return Addr.NEG;
    }
    for (ServicePort port : service.getSpec().getPorts()) {
      boolean tcp = port.getProtocol() == null || port.getProtocol().equalsIgnoreCase("TCP");
      if (tcp && port.getPort() != null && port.getPort() == number) {
        return byName(port.getName() == null ? "" : port.getName(), groups);
      }
    }
    return Addr.NEG;
  }
}
