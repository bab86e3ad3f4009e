package io.hoplink.namers.k8s;

import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain data for an Addr on the admin page. */
final class AddrState {
  private AddrState() {}

  static Object show(Addr addr) {
    if (addr instanceof Addr.Bound bound) {
      List<Map<String, Object>> endpoints = bound.addresses().stream()
          .sorted(Comparator.comparing(Address::hostPort))
          .map(a -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("address", a.hostPort());
            e.putAll(a.meta());
            return e;
          }).toList();
      return Map.of("state", "bound", "endpoints", endpoints);
    }
    if (addr instanceof Addr.Failed failed) {
      return Map.of("state", "failed", "reason", failed.reason());
    }
    return Map.of("state", addr instanceof Addr.Neg ? "neg" : "pending");
  }
}
