package io.hoplink.e2e;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The router container's memory request and limit, as daemonset/l5d.yaml sets them. */
public final class DaemonsetMemory {
  private DaemonsetMemory() {}

  /** {@code resources.limits.memory}, in bytes. */
  public static long limitBytes() {
    return bytes(DaemonsetManifests.router().getResources(), true);
  }

  /** {@code resources.requests.memory}, in bytes. */
  public static long requestBytes() {
    return bytes(DaemonsetManifests.router().getResources(), false);
  }

  private static long bytes(ResourceRequirements resources, boolean limit) {
    Quantity q = resources == null ? null
        : (limit ? resources.getLimits() : resources.getRequests()).get("memory");
    if (q == null) {
      throw new AssertionError("daemonset/l5d.yaml: the l5d container has no "
          + (limit ? "limits" : "requests") + ".memory");
    }
    return Quantity.getAmountInBytes(q).longValueExact();
  }
}
