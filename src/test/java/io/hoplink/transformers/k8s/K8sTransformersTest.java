package io.hoplink.transformers.k8s;

import static io.hoplink.namers.k8s.KubeObjects.endpoint;
import static io.hoplink.namers.k8s.KubeObjects.slice;
import static io.hoplink.transformers.TransformerTesting.at;
import static io.hoplink.transformers.TransformerTesting.bound;
import static io.hoplink.transformers.TransformerTesting.build;
import static io.hoplink.transformers.TransformerTesting.context;
import static io.hoplink.transformers.TransformerTesting.hostPorts;
import static io.hoplink.transformers.TransformerTesting.leaf;
import static io.hoplink.transformers.TransformerTesting.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.hoplink.config.ConfigException;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import io.hoplink.naming.Var;
import io.hoplink.transformers.NameTreeTransformer;
import io.hoplink.transformers.TransformerContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class K8sTransformersTest {
  private static final TransformerContext NO_ENV = context(Map.of(), List.of(), () -> null);

  @Test
  void blocksParseWithLinkerdKeys() {
    assertEquals(new DaemonsetTransformerPlugin.Config("io.l5d.k8s.daemonset",
        Path.read("/io.l5d.k8s.daemonset/default/incoming/l5d"), "default", "l5d", "incoming", false,
        Optional.empty(), Optional.empty()), parse(new DaemonsetTransformerPlugin(),
        "kind: io.l5d.k8s.daemonset\nnamespace: default\nport: incoming\nservice: l5d"));
    assertEquals(new DaemonsetTransformerPlugin.Config("io.l5d.k8s.daemonset",
        Path.read("/io.l5d.k8s.daemonset/ns/4141/l5d"), "ns", "l5d", "4141", true,
        Optional.of("localhost"), Optional.of(8001)), parse(new DaemonsetTransformerPlugin(),
        "kind: io.l5d.k8s.daemonset\nnamespace: ns\nport: 4141\nservice: l5d\nhostNetwork: true\n"
            + "k8sHost: localhost\nk8sPort: 8001"));
    assertEquals(new LocalnodeTransformerPlugin.Config("io.l5d.k8s.localnode",
        Path.read("/io.l5d.k8s.localnode"), true), parse(new LocalnodeTransformerPlugin(),
        "kind: io.l5d.k8s.localnode\nhostNetwork: true"));
  }

  @Test
  void badBlocksAreRejectedWithTheirPath() {
    ConfigException missing = assertThrows(ConfigException.class, () -> parse(
        new DaemonsetTransformerPlugin(), "kind: io.l5d.k8s.daemonset\nnamespace: default\nport: incoming"));
    assertTrue(missing.getMessage().startsWith("transformers[0] (io.l5d.k8s.daemonset): missing "
        + "required key 'service'"), missing.getMessage());
    ConfigException port = assertThrows(ConfigException.class, () -> parse(
        new DaemonsetTransformerPlugin(), "kind: io.l5d.k8s.daemonset\nnamespace: default\n"
            + "port: incoming\nservice: l5d\nk8sPort: 0"));
    assertTrue(port.getMessage().startsWith("transformers[0].k8sPort (io.l5d.k8s.daemonset): 0"),
        port.getMessage());
    ConfigException flag = assertThrows(ConfigException.class, () -> parse(
        new LocalnodeTransformerPlugin(), "kind: io.l5d.k8s.localnode\nhostNetwork: maybe"));
    assertTrue(flag.getMessage().startsWith("transformers[0].hostNetwork (io.l5d.k8s.localnode)"),
        flag.getMessage());
  }

  @Test
  void localnodeKeepsEndpointsOnThisNode() {
    TransformerContext ctx = context(Map.of("NODE_NAME", "node-a", "POD_IP", "10.1.1.9"), List.of(),
        () -> null);
    Var.Settable<Addr> addr = Var.settable(Addr.bound(Set.of(at("10.1.1.5", 80, "node-a"),
        at("10.1.2.6", 80, "node-b"), at("10.1.1.7", 80, null), at("10.1.9.7", 80, null),
        at("10.1.1.8", 80, "node-c"))));
    Name.Bound out = leaf(build(new LocalnodeTransformerPlugin(), "kind: io.l5d.k8s.localnode", ctx),
        bound("/#/io.l5d.k8s/default/http/world", addr));
    assertEquals(Path.read("/%/io.l5d.k8s.localnode/node-a/#/io.l5d.k8s/default/http/world"), out.id());
    // node names decide when both are known; the pod /24 only when the endpoint's is not
    assertEquals(Set.of("10.1.1.5:80", "10.1.1.7:80"), hostPorts(out.addr().get()));

    Name.Bound hostNet = leaf(build(new LocalnodeTransformerPlugin(),
        "kind: io.l5d.k8s.localnode\nhostNetwork: true", ctx), bound("/#/x", addr));
    assertEquals(Set.of("10.1.1.5:80"), hostPorts(hostNet.addr().get()));

    Name.Bound byIp = leaf(build(new LocalnodeTransformerPlugin(), "kind: io.l5d.k8s.localnode",
        context(Map.of("POD_IP", "10.1.2.9"), List.of(), () -> null)), bound("/#/x", addr));
    assertEquals(Path.read("/%/io.l5d.k8s.localnode/10.1.2.9/#/x"), byIp.id());
    assertEquals(Set.of("10.1.2.6:80"), hostPorts(byIp.addr().get()));
  }

  @Test
  void localnodeNeedsToKnowItsNode() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(
        new LocalnodeTransformerPlugin(), "kind: io.l5d.k8s.localnode\nhostNetwork: true",
        context(Map.of("POD_IP", "10.1.1.9"), List.of(), () -> null)));
    assertTrue(e.getMessage().contains("NODE_NAME"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> build(new LocalnodeTransformerPlugin(),
        "kind: io.l5d.k8s.localnode", NO_ENV));
  }

  @Test
  void daemonsetSendsEachEndpointToTheRouterPodOnItsNode() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    KubernetesClient api = server.createClient();
    NameTreeTransformer daemonset = null;
    try {
      api.resource(slice("default", "l5d-1", "l5d", "incoming", 4141, List.of(
          endpoint("10.2.1.10", "node-a", "l5d-a"), endpoint("10.2.2.10", "node-b", "l5d-b")),
          Map.of())).create();
      daemonset = build(new DaemonsetTransformerPlugin(), "kind: io.l5d.k8s.daemonset\n"
          + "namespace: default\nservice: l5d\nport: incoming\nk8sHost: localhost\nk8sPort: "
          + server.getPort(), NO_ENV);
      Var.Settable<Addr> world = Var.settable(Addr.bound(Set.of(at("10.1.1.5", 8080, "node-a"),
          at("10.1.2.6", 8080, "node-b"))));
      Name.Bound out = leaf(daemonset, bound("/#/io.l5d.k8s/default/http/world", world));
      assertEquals(Path.read("/%/io.l5d.k8s.daemonset/default/incoming/l5d/#/io.l5d.k8s/default/http/world"),
          out.id());
      Subscription sub = out.addr().observe(a -> {});
      Eventually.until(() -> hostPorts(out.addr().get()).equals(Set.of("10.2.1.10:4141", "10.2.2.10:4141")),
          out.addr()::get);
      world.set(Addr.bound(Set.of(at("10.1.2.6", 8080, "node-b"))));
      assertEquals(Set.of("10.2.2.10:4141"), hostPorts(out.addr().get()));
      // An endpoint whose node is unknown goes by Linkerd's /24 rule.
      world.set(Addr.bound(Set.of(at("10.2.1.77", 8080, null))));
      assertEquals(Set.of("10.2.1.10:4141"), hostPorts(out.addr().get()));
      // The router pod on node-b goes away: its endpoints have no router, so nothing is bound.
      world.set(Addr.bound(Set.of(at("10.1.2.6", 8080, "node-b"))));
      api.resource(slice("default", "l5d-1", "l5d", "incoming", 4141, List.of(
          endpoint("10.2.1.10", "node-a", "l5d-a")), Map.of())).update();
      Eventually.until(() -> out.addr().get() instanceof Addr.Neg, out.addr()::get);
      sub.close();
    } finally {
      if (daemonset != null) {
        daemonset.close();
      }
      api.close();
      try {
        server.destroy();
      } catch (IllegalStateException e) {
        // the mock's Vert.x closing slowly is not what this test checks
      }
    }
  }

  @Test
  void daemonsetMatchesNodeNamesFirstAndSubnetsOnlyWithoutHostNetwork() {
    assertTrue(DaemonsetTransformerPlugin.sameNode(at("10.1.1.5", 80, "a"), at("10.9.9.9", 1, "a"), false));
    assertFalse(DaemonsetTransformerPlugin.sameNode(at("10.1.1.5", 80, "a"), at("10.1.1.6", 1, "b"), false));
    assertTrue(DaemonsetTransformerPlugin.sameNode(at("10.1.1.5", 80, null), at("10.1.1.6", 1, "b"), false));
    assertFalse(DaemonsetTransformerPlugin.sameNode(at("10.1.1.5", 80, null), at("10.1.1.6", 1, "b"), true));
    assertFalse(DaemonsetTransformerPlugin.sameNode(at("10.1.2.5", 80, null), at("10.1.1.6", 1, null), false));
  }

  /** A bounded poll, as in the k8s namer tests. */
  static final class Eventually {
    static void until(java.util.function.BooleanSupplier condition, java.util.function.Supplier<Object> seen) {
      long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > end) {
          throw new AssertionError("not within 30 s; seen: " + seen.get());
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
