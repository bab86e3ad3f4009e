package io.hoplink.namers.k8s;

import static io.hoplink.namers.k8s.KubeObjects.endpoint;
import static io.hoplink.namers.k8s.KubeObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class K8sNamerTest {
  /**
   * fabric8's mock API blocks its own event loop when a client's watch closes (its
   * WatchEventsListener awaits an executor there); no hoplink code runs on that Vert.x in these
   * tests, so its blocked-thread reports are kept out of the output. Held: JUL keeps loggers
   * weakly.
   */
  private static final java.util.logging.Logger MOCKS_BLOCKED_LOOP = java.util.logging.Logger
      .getLogger("io.vertx.core.impl.BlockedThreadChecker");
  private static java.util.logging.Level before;

  @org.junit.jupiter.api.BeforeAll
  static void quietTheMocksBlockedLoop() {
    before = MOCKS_BLOCKED_LOOP.getLevel();
    MOCKS_BLOCKED_LOOP.setLevel(java.util.logging.Level.SEVERE);
  }

  @org.junit.jupiter.api.AfterAll
  static void restoreTheLevel() {
    MOCKS_BLOCKED_LOOP.setLevel(before);
  }

  private KubernetesMockServer server;
  private KubernetesClient api;
  private K8sNamer namer;

  @BeforeEach
  void start() {
    server = KubeMockServers.crud();
    api = server.createClient();
  }

  @AfterEach
  void stop() {
    if (namer != null) {
      namer.close();
    }
    api.close();
    KubeMockServers.destroy(server);
  }

  private K8sNamer namer(Optional<String> label, String namespace, Duration idle) {
    K8sNamerConfig config = new K8sNamerConfig(K8sNamerPlugin.KIND, Path.read("/io.l5d.k8s"),
        Optional.of("localhost"), Optional.of(server.getPort()), label, Optional.empty(), List.of());
    NamerContext ctx = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
    KubeApi kube = KubeApi.connect(config.host(), config.port(), ctx, Duration.ofMillis(50));
    namer = new K8sNamer(config, namespace, K8sEndpoints.start(kube, ctx, idle));
    return namer;
  }

  private K8sNamer namer() {
    return namer(Optional.empty(), null, Duration.ofMinutes(5));
  }

  static Name.Bound bound(Activity<NameTree<Name>> activity) {
    Activity.State<NameTree<Name>> state = activity.current();
    if (state instanceof Activity.Ok<NameTree<Name>> ok
        && ok.value() instanceof NameTree.Leaf<Name> leaf && leaf.value() instanceof Name.Bound b) {
      return b;
    }
    return null;
  }

  static boolean isNeg(Activity<NameTree<Name>> activity) {
    return activity.current() instanceof Activity.Ok<NameTree<Name>> ok
        && ok.value() instanceof NameTree.Neg;
  }

  static Set<String> hostPorts(Addr addr) {
    return addr instanceof Addr.Bound b
        ? b.addresses().stream().map(Address::hostPort).collect(Collectors.toSet()) : Set.of();
  }

  @Test
  void namedPortBindsToReadyEndpointsWithTheirNodeNames() {
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", "world-1"), endpoint("10.1.2.6", "node-b", "world-2"),
        endpoint("10.1.3.7", "node-c", "world-3", false)), Map.of())).create();
    Activity<NameTree<Name>> world = namer().lookup(Path.read("/default/http/world/rest/of"));
    Subscription sub = world.observe(s -> {});
    Eventually.until("world bound", () -> bound(world) != null
        && hostPorts(bound(world).addr().get()).size() == 2, world::current);
    Name.Bound b = bound(world);
    assertEquals(Path.read("/#/io.l5d.k8s/default/http/world"), b.id());
    assertEquals(Path.read("/rest/of"), b.residual());
    assertEquals(Set.of("10.1.1.5:8080", "10.1.2.6:8080"), hostPorts(b.addr().get()));
    Address a = ((Addr.Bound) b.addr().get()).addresses().stream()
        .filter(x -> x.host().equals("10.1.1.5")).findFirst().orElseThrow();
    assertEquals("node-a", a.meta().get("nodeName"));
    assertEquals("world-1", a.meta().get("pod"));
    sub.close();
  }

  @Test
  void updatesAndRemovalsReachTheAddressVar() {
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null), endpoint("10.1.2.6", "node-b", null)), Map.of()))
        .create();
    Activity<NameTree<Name>> world = namer().lookup(Path.read("/default/http/world"));
    Subscription sub = world.observe(s -> {});
    Eventually.until("bound", () -> bound(world) != null
        && hostPorts(bound(world).addr().get()).size() == 2, world::current);
    Name.Bound b = bound(world);
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).update();
    Eventually.until("endpoint removed", () -> hostPorts(b.addr().get()).equals(Set.of("10.1.1.5:8080")),
        b.addr()::get);
    api.resource(slice("default", "world-def", "world", "http", 8081, List.of(
        endpoint("10.1.4.8", "node-d", null)), Map.of())).create();
    Eventually.until("second slice added", () -> hostPorts(b.addr().get())
        .equals(Set.of("10.1.1.5:8080", "10.1.4.8:8081")), b.addr()::get);
    api.discovery().v1().endpointSlices().inNamespace("default").withName("world-abc").delete();
    api.discovery().v1().endpointSlices().inNamespace("default").withName("world-def").delete();
    Eventually.until("negative once no slice is left", () -> isNeg(world), world::current);
    assertEquals(Addr.NEG, b.addr().get());
    sub.close();
  }

  @Test
  void numericPortIsAServicePort() {
    api.resource(KubeObjects.service("default", "world", "http", 80, 8080)).create();
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).create();
    Activity<NameTree<Name>> world = namer().lookup(Path.read("/default/80/world"));
    Subscription sub = world.observe(s -> {});
    Eventually.until("bound through the service port", () -> bound(world) != null
        && hostPorts(bound(world).addr().get()).equals(Set.of("10.1.1.5:8080")), world::current);
    Activity<NameTree<Name>> other = namer.lookup(Path.read("/default/81/world"));
    Subscription sub2 = other.observe(s -> {});
    Eventually.until("a port the service lacks is negative", () -> isNeg(other), other::current);
    sub.close();
    sub2.close();
  }

  @Test
  void unknownPortNameOrServiceIsNegative() {
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).create();
    Activity<NameTree<Name>> port = namer().lookup(Path.read("/default/grpc/world"));
    Activity<NameTree<Name>> service = namer.lookup(Path.read("/default/http/nobody"));
    Subscription a = port.observe(s -> {});
    Subscription b = service.observe(s -> {});
    Eventually.until("unknown port negative", () -> isNeg(port), port::current);
    Eventually.until("unknown service negative", () -> isNeg(service), service::current);
    assertTrue(isNeg(namer.lookup(Path.read("/default/http"))));
    a.close();
    b.close();
  }

  @Test
  void labelSelectorAddsALabelValueSegment() {
    api.resource(slice("default", "world-v1", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of("version", "v1"))).create();
    api.resource(slice("default", "world-v2", "world", "http", 8080, List.of(
        endpoint("10.1.2.6", "node-b", null)), Map.of("version", "v2"))).create();
    namer(Optional.of("version"), null, Duration.ofMinutes(5));
    Activity<NameTree<Name>> v2 = namer.lookup(Path.read("/default/http/world/v2/x"));
    Subscription sub = v2.observe(s -> {});
    Eventually.until("v2 only", () -> bound(v2) != null
        && hostPorts(bound(v2).addr().get()).equals(Set.of("10.1.2.6:8080")), v2::current);
    assertEquals(Path.read("/#/io.l5d.k8s/default/http/world/v2"), bound(v2).id());
    assertEquals(Path.read("/x"), bound(v2).residual());
    assertTrue(isNeg(namer.lookup(Path.read("/default/http/world"))));
    sub.close();
  }

  @Test
  void fixedNamespaceNamesStartWithThePort() {
    api.resource(slice("prod", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).create();
    namer(Optional.empty(), "prod", Duration.ofMinutes(5));
    Activity<NameTree<Name>> world = namer.lookup(Path.read("/http/world"));
    Subscription sub = world.observe(s -> {});
    Eventually.until("bound in prod", () -> bound(world) != null
        && hostPorts(bound(world).addr().get()).equals(Set.of("10.1.1.5:8080")), world::current);
    sub.close();
  }

  @Test
  void oneWatchPerServiceClosedWhenNobodyObserves() {
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).create();
    namer(Optional.empty(), null, Duration.ofMillis(200));
    Activity<NameTree<Name>> a = namer.lookup(Path.read("/default/http/world/a"));
    Activity<NameTree<Name>> b = namer.lookup(Path.read("/default/http/world/b"));
    Subscription sa = a.observe(s -> {});
    Subscription sb = b.observe(s -> {});
    Eventually.until("bound", () -> bound(a) != null && bound(b) != null, a::current);
    K8sEndpoints endpoints = endpointsOf(namer);
    assertEquals(1, endpoints.watchCount());
    sa.close();
    Subscription addrObserver = bound(b).addr().observe(x -> {});
    sb.close();
    // Still observed through the address var (a client holds it): the watch stays.
    assertEquals(1, endpoints.watchCount());
    addrObserver.close();
    Eventually.until("idle watch closed", () -> endpoints.watchCount() == 0, endpoints::state);
  }

  @Test
  void stateShowsWhatEachWatchHolds() {
    api.resource(slice("default", "world-abc", "world", "http", 8080, List.of(
        endpoint("10.1.1.5", "node-a", null)), Map.of())).create();
    Activity<NameTree<Name>> world = namer().lookup(Path.read("/default/http/world"));
    Subscription sub = world.observe(s -> {});
    Eventually.until("bound", () -> bound(world) != null, world::current);
    String state = namer.state().toString();
    assertTrue(state.contains("default/world"), state);
    assertTrue(state.contains("10.1.1.5:8080"), state);
    assertTrue(state.contains("nodeName=node-a"), state);
    sub.close();
  }

  static K8sEndpoints endpointsOf(K8sNamer namer) {
    try {
      java.lang.reflect.Field f = K8sNamer.class.getDeclaredField("endpoints");
      f.setAccessible(true);
      return (K8sEndpoints) f.get(namer);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
