package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.admin.PeerEndpoint;
import io.hoplink.router.lb.Node;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.transformers.GatewayTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which endpoints the admin server may ask as peers: only the transformer's gateways. */
class PeerEndpointsTest {
  private static final String CONFIG = """
      namers: []
      routers:
      - protocol: http
        label: outgoing
        dtab: /svc => /#/io.l5d.fs;
        servers: [{ip: 127.0.0.1, port: 0}]
      """;

  private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
  private final RouterRuntime runtime = runtime();

  private RouterRuntime runtime() {
    var router = HoplinkConfig.load(CONFIG, Main.plugins()).routers().get(0);
    var random = new SplittableRandom(1);
    return new RouterRuntime(router, Metrics.newTree(), random, System::nanoTime,
        new ResiliencePolicies(router, Main.plugins(), vertx, random, System::nanoTime));
  }

  @AfterEach
  void close() {
    runtime.close();
    vertx.close();
  }

  private static Address pod(String ip, String node) {
    return new Address(ip, 4141, 1.0, Map.of("nodeName", node));
  }

  @Test
  void onlyEndpointsThatAreGatewaysAreListedWithTheirCounts() {
    Var.Settable<Addr> routerPods = Var.settable(Addr.bound(Set.of(pod("10.0.0.2", "node-b"),
        pod("10.0.0.3", "node-c"))));
    GatewayTransformer daemonset = new GatewayTransformer(Path.read("/%/d"), routerPods,
        (endpoint, gateway) -> true, () -> { });
    assertEquals(2, daemonset.gateways().size());
    // One client through the daemonset; another that a request's dtab pointed elsewhere.
    BoundClient viaPeers = runtime.client(new Name.Bound(Path.read("/%/d/#/io.l5d.fs/world"),
        Path.empty(), Var.value(Addr.bound(Set.of(Address.of("10.0.0.2", 4141))))));
    BoundClient named = runtime.client(new Name.Bound(Path.read("/$/inet/169.254.169.254/80"),
        Path.empty(), Var.value(Addr.bound(Set.of(Address.of("169.254.169.254", 80),
            Address.of("10.0.0.3", 9990))))));
    for (int i = 0; i < 3; i++) {
      begin(viaPeers);
      begin(named);
    }
    List<PeerEndpoint> out = new ArrayList<>();
    PeerEndpoints.collect("outgoing", PeerEndpoints.gateways(List.of(daemonset)), runtime, out);
    assertEquals(List.of(new PeerEndpoint("outgoing", "/%/d/#/io.l5d.fs/world", "10.0.0.2", 4141,
        "node-b", 3)), out);

    routerPods.set(Addr.NEG); // the router pods are gone from the API: no peer
    out.clear();
    PeerEndpoints.collect("outgoing", PeerEndpoints.gateways(List.of(daemonset)), runtime, out);
    assertEquals(List.of(), out);
  }

  private static void begin(BoundClient client) {
    Node node = client.pick();
    node.begin();
    node.end(1);
  }
}
