package io.hoplink.router;

import io.hoplink.naming.Address;
import io.hoplink.router.admin.PeerEndpoint;
import io.hoplink.router.lb.Node;
import io.hoplink.transformers.GatewayTransformer;
import io.hoplink.transformers.NameTreeTransformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer routers this process sends to, for the dashboard's node-to-node edges: the endpoints
 * of each router's clients whose address is one of the gateways its interpreter's
 * {@code io.l5d.k8s.daemonset} transformer knows (the router pods). An endpoint that a request's
 * dtab or any other namer named is not a gateway and is never listed, so the admin server asks
 * no address but these. (Transformers on a namer, rather than on the interpreter, are not seen.)
 */
final class PeerEndpoints {
  private PeerEndpoints() {}

  static List<PeerEndpoint> of(List<RouterStack> routers) {
    List<PeerEndpoint> out = new ArrayList<>();
    for (RouterStack router : routers) {
      Map<String, Address> gateways = gateways(router.core().transformers());
      if (!gateways.isEmpty()) {
        collect(router.config().label(), gateways, router.runtime(), out);
      }
    }
    return out;
  }

  /** The gateways of {@code transformers} by host:port. */
  static Map<String, Address> gateways(List<NameTreeTransformer> transformers) {
    Map<String, Address> out = new HashMap<>();
    for (NameTreeTransformer transformer : transformers) {
      if (transformer instanceof GatewayTransformer gateway) {
        gateway.gateways().forEach(a -> out.put(a.hostPort(), a));
      }
    }
    return out;
  }

  /** Adds to {@code out} each node of {@code runtime}'s clients that is one of {@code gateways}. */
  static void collect(String router, Map<String, Address> gateways, RouterRuntime runtime,
      List<PeerEndpoint> out) {
    runtime.forEachClient((id, client) -> {
      for (Node node : client.nodes()) {
        Address gateway = gateways.get(node.address().hostPort());
        if (gateway != null) {
          out.add(new PeerEndpoint(router, id.show(), gateway.host(), gateway.port(),
              gateway.meta().getOrDefault("nodeName", ""), node.requests()));
        }
      }
    });
  }
}
