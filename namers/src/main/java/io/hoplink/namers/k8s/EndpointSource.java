package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether the API serves discovery.k8s.io/v1 EndpointSlices, decided once for all watches: a
 * 404 on a slice list is checked against API discovery, so an API server that 404s while it
 * restarts does not switch the namer to v1 Endpoints.
 */
final class EndpointSource {
  private final KubeApi api;
  private volatile boolean slicesServed = true;

  EndpointSource(KubeApi api) {
    this.api = api;
  }

  boolean slicesServed() {
    return slicesServed;
  }

  /** Asks API discovery (blocking: call on fabric8's threads only); true when unsure. */
  boolean checkSlicesServed() {
    try {
      boolean served = api.client().supports(EndpointSlice.class);
      if (!served) {
        slicesServed = false;
      }
      return served;
    } catch (KubernetesClientException | IllegalStateException e) {
      return true;
    }
  }
}
