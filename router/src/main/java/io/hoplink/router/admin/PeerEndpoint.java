package io.hoplink.router.admin;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint of one of this process's clients that is a peer router: an address that a
 * gateway transformer ({@code io.l5d.k8s.daemonset}) put in the client's tree, never one a
 * request or a dtab named.
 *
 * @param router the label of the router whose client it is
 * @param client the client's bound id
 * @param host the peer router pod's IP
 * @param port the port the transformer gave (the peer's incoming router)
 * @param nodeName the peer's node as Kubernetes lists it; empty when unknown
 * @param requests the attempts this client began on the endpoint
 */
public record PeerEndpoint(String router, String client, String host, int port, String nodeName,
    long requests) {
  public PeerEndpoint {
    requireNonNull(router, "router");
    requireNonNull(client, "client");
    requireNonNull(host, "host");
    requireNonNull(nodeName, "nodeName");
  }
}
