package io.hoplink.e2e;

import java.util.regex.Pattern;

/**
 * One router pair of the DaemonSet config as the multi-node test sees it in the routers' metrics:
 * routers {@code <prefix>outgoing} and {@code <prefix>incoming}, binding Service {@code service}'s
 * port {@code port} in namespace default, for requests named {@code /svc/<svc>}. The names are
 * regexes for {@link AdminMetrics}.
 */
record RouterPair(String prefix, String port, String service, String svc) {
  static final RouterPair HTTP = new RouterPair("", "http", "world-v1", "world");
  static final RouterPair H2 = new RouterPair("h2-", "h2", "world-h2", "world-h2");
  static final RouterPair GRPC = new RouterPair("grpc-", "grpc", "greeter", Greeter.SERVICE);

  /** Node 1's outgoing client: the name with each endpoint swapped by io.l5d.k8s.daemonset. */
  String outgoingClient() {
    return "rt/" + prefix + "outgoing/client/" + Pattern.quote("%/io.l5d.k8s.daemonset/default/"
        + prefix + "incoming/l5d" + bound());
  }

  /** A node's incoming client: the endpoints that io.l5d.k8s.localnode kept on that node. */
  String incomingClient(String nodeName) {
    return "rt/" + prefix + "incoming/client/"
        + Pattern.quote("%/io.l5d.k8s.localnode/" + nodeName + bound());
  }

  /** The service scope of {@code side} ("outgoing", "incoming"). */
  String service(String side) {
    return "rt/" + prefix + side + "/service/svc/" + Pattern.quote(svc);
  }

  /** Every server scope of {@code side}. */
  String servers(String side) {
    return "rt/" + prefix + side + "/server/.*";
  }

  /** What the pod sees in {@code l5d-dst-client} when the incoming router on nodeName sent it. */
  String lastHopClient(String nodeName) {
    return "/%/io.l5d.k8s.localnode/" + nodeName + bound();
  }

  private String bound() {
    return "/#/io.l5d.k8s/default/" + port + "/" + service;
  }
}
