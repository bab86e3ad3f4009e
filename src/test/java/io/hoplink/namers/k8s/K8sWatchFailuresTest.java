package io.hoplink.namers.k8s;

import static io.hoplink.namers.k8s.K8sNamerTest.bound;
import static io.hoplink.namers.k8s.K8sNamerTest.hostPorts;
import static io.hoplink.namers.k8s.KubeObjects.endpoint;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EndpointsListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watch failures against scripted API answers: each ends in a relist or rewatch, and the last
 * known endpoints serve meanwhile (the address var never goes pending, empty or negative).
 */
class K8sWatchFailuresTest {
  private static final String SLICES = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
  private static final String SELECTOR = "labelSelector=kubernetes.io%2Fservice-name%3Dworld";
  /** The first list is served from the API's cache; a relist after 410 is a consistent read. */
  private static final String LIST = SLICES + "?" + SELECTOR + "&resourceVersion=0";
  private static final String RELIST = SLICES + "?" + SELECTOR;
  private static final Set<String> AB = Set.of("10.1.1.5:8080", "10.1.2.6:8080");
  private static final Set<String> A = Set.of("10.1.1.5:8080");

  private KubernetesMockServer server;
  private K8sNamer namer;
  private final List<Set<String>> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Subscription> subscriptions = new ArrayList<>();

  /** What the watches log: these failures are the tests' doing, so they are kept and asserted. */
  private final List<java.util.logging.LogRecord> records =
      Collections.synchronizedList(new ArrayList<>());
  private final java.util.logging.Logger watchLog =
      java.util.logging.Logger.getLogger(ServiceWatch.class.getName());
  private final java.util.logging.Handler capture = new java.util.logging.Handler() {
    @Override
    public void publish(java.util.logging.LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() {
    server = KubeMockServers.expectations();
    watchLog.addHandler(capture);
    watchLog.setUseParentHandlers(false);
  }

  @AfterEach
  void stop() {
    watchLog.removeHandler(capture);
    watchLog.setUseParentHandlers(true);
    subscriptions.forEach(Subscription::close);
    if (namer != null) {
      namer.close();
    }
    KubeMockServers.destroy(server);
  }

  private static String watch(String version) {
    return SLICES + "?allowWatchBookmarks=true&" + SELECTOR + "&resourceVersion=" + version
        + "&timeoutSeconds=600&watch=true";
  }

  private static EndpointSlice slice(String version, Set<String> ips) {
    List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
    ips.stream().sorted().forEach(ip -> endpoints.add(endpoint(ip.split(":")[0], "node-" + ip.charAt(5), null)));
    return new EndpointSliceBuilder(KubeObjects.slice("default", "world-abc", "world", "http", 8080,
        endpoints, Map.of())).editMetadata().withResourceVersion(version).endMetadata().build();
  }

  private void list(String version, Set<String> ips, boolean always) {
    list(LIST, version, ips, always);
  }

  private void relist(String version, Set<String> ips) {
    list(RELIST, version, ips, true);
  }

  private void list(String path, String version, Set<String> ips, boolean always) {
    var answer = server.expect().get().withPath(path).andReturn(200, new EndpointSliceListBuilder()
        .withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder().withResourceVersion(version).build())
        .withItems(slice(version, ips)).build());
    if (always) {
      answer.always();
    } else {
      answer.once();
    }
  }

  /** A watch from {@code version} that stays open and sends nothing. */
  private void quietWatch(String version) {
    server.expect().get().withPath(watch(version)).andUpgradeToWebSocket().open()
        .expect("never sent").andEmit("none").once().done().always();
  }

  private Name.Bound bindWorld() {
    NamerContext ctx = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
    K8sNamerConfig config = new K8sNamerConfig(K8sNamerPlugin.KIND, Path.read("/io.l5d.k8s"),
        Optional.of("localhost"), Optional.of(server.getPort()), Optional.empty(), Optional.empty(),
        List.of());
    namer = new K8sNamer(config, null, K8sEndpoints.start(
        KubeApi.connect(config.host(), config.port(), ctx, Duration.ofMillis(50)), ctx,
        Duration.ofMinutes(5)));
    Activity<NameTree<Name>> world = namer.lookup(Path.read("/default/http/world"));
    subscriptions.add(world.observe(s -> {}));
    Eventually.until("world bound", () -> bound(world) != null, world::current);
    Name.Bound b = bound(world);
    subscriptions.add(b.addr().observe(addr -> seen.add(addr instanceof Addr.Bound ? hostPorts(addr)
        : Set.of(addr.getClass().getSimpleName()))));
    return b;
  }

  private void assertServedOnly(List<Set<String>> allowed) {
    List<Set<String>> copy;
    synchronized (seen) {
      copy = List.copyOf(seen);
    }
    assertTrue(allowed.containsAll(copy), "the endpoints went through " + copy);
  }

  @Test
  void goneAsAnErrorEventRelistsAndKeepsServing() {
    list("1", AB, false);
    server.expect().get().withPath(watch("1")).andUpgradeToWebSocket().open().waitFor(200)
        .andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired")
            .withMessage("too old resource version").build(), "ERROR")).done().once();
    relist("5", A);
    quietWatch("5");
    Name.Bound world = bindWorld();
    Eventually.until("relisted", () -> hostPorts(world.addr().get()).equals(A), world.addr()::get);
    assertServedOnly(List.of(AB, A));
  }

  @Test
  void goneAsAnHttpStatusRelistsAndKeepsServing() {
    list("1", AB, false);
    server.expect().get().withPath(watch("1")).andReturn(410, new StatusBuilder().withCode(410)
        .withReason("Expired").build()).once();
    relist("5", A);
    quietWatch("5");
    Name.Bound world = bindWorld();
    Eventually.until("relisted", () -> hostPorts(world.addr().get()).equals(A), world.addr()::get);
    assertServedOnly(List.of(AB, A));
  }

  @Test
  void streamClosedByTheServerRewatchesFromTheLastVersion() {
    Set<String> abc = Set.of("10.1.1.5:8080", "10.1.2.6:8080", "10.1.3.7:8080");
    Set<String> c = Set.of("10.1.3.7:8080");
    list("1", AB, true);
    server.expect().get().withPath(watch("1")).andUpgradeToWebSocket().open().waitFor(200)
        .andEmit(new WatchEvent(slice("3", abc), "MODIFIED")).done().once();
    server.expect().get().withPath(watch("3")).andUpgradeToWebSocket().open().waitFor(200)
        .andEmit(new WatchEvent(slice("4", c), "MODIFIED")).expect("never sent").andEmit("none")
        .once().done().always();
    Name.Bound world = bindWorld();
    Eventually.until("second stream's event", () -> hostPorts(world.addr().get()).equals(c),
        world.addr()::get);
    assertServedOnly(List.of(AB, abc, c));
  }

  @Test
  void notFoundWhileTheApiRestartsEndsInARelist() {
    list("1", AB, false);
    server.expect().get().withPath(watch("1")).andUpgradeToWebSocket().open().done().once();
    server.expect().get().withPath(watch("1")).andReturn(404, new StatusBuilder().withCode(404)
        .withReason("NotFound").build()).once();
    server.expect().get().withPath(watch("1")).andReturn(410, new StatusBuilder().withCode(410)
        .build()).always();
    relist("7", A);
    quietWatch("7");
    Name.Bound world = bindWorld();
    Eventually.until("recovered", () -> hostPorts(world.addr().get()).equals(A), world.addr()::get);
    assertServedOnly(List.of(AB, A));
  }

  @Test
  void serverErrorsAreRetriedUntilTheApiAnswers() {
    server.expect().get().withPath(LIST).andReturn(500, "boom").times(5);
    list("1", A, false);
    server.expect().get().withPath(watch("1")).andReturn(500, "boom").times(5);
    relist("2", AB);
    quietWatch("2");
    Name.Bound world = bindWorld();
    Eventually.until("recovered", () -> hostPorts(world.addr().get()).equals(AB), world.addr()::get);
    assertServedOnly(List.of(A, AB));
  }

  @Test
  void eachFailureIsLoggedOnceWithTheApiAndWhatStillServes() {
    serverErrorsAreRetriedUntilTheApiAnswers();
    Eventually.until("the recovery logged", () -> records.stream()
        .filter(r -> r.getMessage().contains("answers again")).count() == 2, records::toString);
    List<String> warnings = records.stream()
        .filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
        .map(java.util.logging.LogRecord::getMessage).toList();
    String api = "watching it at http://localhost:" + server.getPort() + " failed (";
    assertTrue(warnings.size() == 2, "five failed lists, then five failed watches: " + warnings);
    assertTrue(warnings.get(0).startsWith("io.l5d.k8s default/world: " + api)
        && warnings.get(0).endsWith("; retrying; no endpoints were listed yet, so requests"
            + " for it wait for the first list"), warnings.get(0));
    assertTrue(warnings.get(1).startsWith("io.l5d.k8s default/world: " + api)
        && warnings.get(1).matches(".*; retrying; 1 endpoint last listed at \\S+ keep serving"),
        warnings.get(1));
  }

  @Test
  void aClosedWatchReportsNothing() {
    NamerContext ctx = new NamerContext(Clock.systemUTC(), NamerContext.daemonThreads(), Map.of());
    KubeApi api = KubeApi.connect(Optional.of("localhost"), Optional.of(server.getPort()), ctx,
        Duration.ofMillis(50));
    ServiceWatch watch = new ServiceWatch(new ServiceWatch.Key("default", "world", null, null),
        api, Runnable::run, Clock.systemUTC(), new EndpointSource(api));
    try {
      watch.close();
      records.clear();
      // fabric8 may still hand over a failure of the list it was making when the watch closed
      assertTrue(!watch.retry(true, new java.io.IOException("closed under it"), true));
      assertTrue(records.isEmpty(), records.toString());
    } finally {
      api.close();
    }
  }

  @Test
  void v1EndpointsServeWhereSlicesAreNotServed() {
    server.expect().get().withPath(LIST).andReturn(404, new StatusBuilder().withCode(404).build())
        .always();
    String endpoints = "/api/v1/namespaces/default/endpoints?fieldSelector=metadata.name%3Dworld";
    server.expect().get().withPath(endpoints + "&resourceVersion=0").andReturn(200,
        new EndpointsListBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMetaBuilder()
            .withResourceVersion("1").build())
            .withItems(new EndpointsBuilder().withNewMetadata().withName("world")
                .withNamespace("default").withResourceVersion("1").endMetadata()
                .withSubsets(new EndpointSubsetBuilder().withAddresses(new EndpointAddressBuilder()
                    .withIp("10.1.1.5").withNodeName("node-a").build())
                    .withPorts(new EndpointPortBuilder().withName("http").withPort(8080).build())
                    .build()).build()).build()).always();
    server.expect().get().withPath("/api/v1/namespaces/default/endpoints?allowWatchBookmarks=true"
        + "&fieldSelector=metadata.name%3Dworld&resourceVersion=1&timeoutSeconds=600&watch=true")
        .andUpgradeToWebSocket().open().expect("never sent").andEmit("none").once().done().always();
    Name.Bound world = bindWorld();
    Eventually.until("bound from v1 Endpoints", () -> hostPorts(world.addr().get()).equals(A),
        world.addr()::get);
    Addr.Bound addr = (Addr.Bound) world.addr().get();
    assertTrue(addr.addresses().iterator().next().meta().get("nodeName").equals("node-a"));
    assertTrue(namer.state().toString().contains("v1/Endpoints"), namer.state().toString());
  }
}
