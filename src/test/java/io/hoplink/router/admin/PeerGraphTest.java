package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerGraphTest {
  private static final PeerLimits LIMITS = new PeerLimits(3, Duration.ofSeconds(1), 1 << 20, 2,
      Duration.ofSeconds(5));

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private List<PeerEndpoint> endpoints = new ArrayList<>();
  /** Each host asked, in order, and the answer it is waiting for. */
  private final Map<String, Promise<Object>> asked = new LinkedHashMap<>();
  private int askedInAll;
  private int running;
  private int mostRunning;
  private final List<String> localAsked = new ArrayList<>();

  private final PeerFetch fetch = host -> {
    askedInAll++;
    running++;
    mostRunning = Math.max(mostRunning, running);
    Promise<Object> answer = Promise.promise();
    answer.future().onComplete(done -> running--);
    asked.put(host, answer);
    return answer.future();
  };

  private PeerGraph graph(PeerLimits limits) {
    return new PeerGraph(() -> Future.succeededFuture(List.copyOf(endpoints)), () -> {
      localAsked.add("local");
      return Future.succeededFuture(answer("node-a", 5_000, 7));
    }, () -> "node-a", fetch, limits, nanos::get);
  }

  private static PeerEndpoint endpoint(String host, String node, long requests) {
    return new PeerEndpoint("outgoing", "/%/io.l5d.k8s.daemonset/default/incoming/l5d/#/w",
        host, 4141, node, requests);
  }

  private static Map<String, Object> answer(String node, long t, long worldRequests) {
    return Map.of("node", node, "t", t, "routers", List.of("incoming"), "edges",
        List.of(List.of("incoming", "/svc/world", "/%/io.l5d.k8s.localnode/x/world",
            worldRequests)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> peers(Map<String, Object> view) {
    return (List<Map<String, Object>>) view.get("peers");
  }

  @Test
  void onlyTheBusiestPeersUpToTheCapAreAskedAndTheRestCounted() {
    for (int i = 1; i <= 5; i++) {
      endpoints.add(endpoint("10.0.0." + i, "node-" + i, i * 10));
    }
    Future<Map<String, Object>> view = graph(LIMITS).view();
    while (asked.values().stream().anyMatch(p -> !p.future().isComplete())) {
      asked.values().stream().filter(p -> !p.future().isComplete()).findFirst().orElseThrow()
          .complete(answer("n", 1, 1));
    }
    assertEquals(List.of("10.0.0.5", "10.0.0.4", "10.0.0.3"), List.copyOf(asked.keySet()));
    assertEquals(2, view.result().get("leftOut"));
    assertEquals(3, view.result().get("maxPeers"));
    assertEquals(3, peers(view.result()).size());
  }

  @Test
  void atMostConcurrencyPeersAreAskedAtOnce() {
    for (int i = 1; i <= 3; i++) {
      endpoints.add(endpoint("10.0.0." + i, "node-" + i, 1));
    }
    Future<Map<String, Object>> view = graph(LIMITS).view();
    assertEquals(2, asked.size(), "two asked, the third waits");
    asked.values().iterator().next().complete(answer("n", 1, 1));
    assertEquals(3, asked.size());
    asked.values().forEach(p -> p.tryComplete(answer("n", 1, 1)));
    assertTrue(view.succeeded());
    assertEquals(2, mostRunning);
  }

  @Test
  void pagesWithinTheCacheTimeShareOneRoundAndTheViewBeforeIsServedDuringTheNext() {
    endpoints.add(endpoint("10.0.0.2", "node-b", 1));
    PeerGraph graph = graph(LIMITS);
    Future<Map<String, Object>> first = graph.view();
    assertSame(first, graph.view(), "a second page joins the round in flight");
    asked.get("10.0.0.2").complete(answer("node-b", 1_000, 1));
    for (int i = 0; i < 10; i++) {
      assertSame(first.result(), graph.view().result());
      nanos.addAndGet(Duration.ofMillis(400).toNanos());
    }
    assertEquals(1, askedInAll, "one request to the peer in 4 s, however many pages");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    Future<Map<String, Object>> during = graph.view();
    assertEquals(2, askedInAll, "stale: a new round");
    assertSame(first.result(), during.result(), "the view before, while the round runs");
  }

  @Test
  void ratesComeFromTwoRounds() {
    endpoints.add(endpoint("10.0.0.2", "node-b", 100));
    PeerGraph graph = graph(LIMITS);
    Future<Map<String, Object>> first = graph.view();
    asked.get("10.0.0.2").complete(answer("node-b", 10_000, 40));
    Map<String, Object> peer = peers(first.result()).get(0);
    assertNull(peer.get("rps"), "no rate from one round");
    assertEquals(100L, peer.get("requests"));

    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    endpoints = List.of(endpoint("10.0.0.2", "node-b", 150));
    assertSame(first.result(), graph.view().result(), "stale, while the next round runs");
    asked.get("10.0.0.2").complete(answer("node-b", 12_000, 60)); // the peer's clock: 2 s on
    peer = peers(graph.view().result()).get(0);
    assertEquals(10.0, peer.get("rps"), "50 requests in 5 s");
    assertEquals(List.of(List.of("outgoing", "/%/io.l5d.k8s.daemonset/default/incoming/l5d/#/w",
        4141, 150L, 10.0)), peer.get("clients"));
    assertEquals("ok", peer.get("status"));
    @SuppressWarnings("unchecked")
    List<List<Object>> edges = (List<List<Object>>) ((Map<String, Object>) peer.get("view"))
        .get("edges");
    assertEquals(List.of("incoming", "/svc/world", "/%/io.l5d.k8s.localnode/x/world", 60L, 10.0),
        edges.get(0));
  }

  @Test
  void aFailingOrGarbledPeerShowsItsReasonAndTheOthersAreDrawn() {
    endpoints.add(endpoint("10.0.0.2", "node-b", 3));
    endpoints.add(endpoint("10.0.0.3", "node-c", 2));
    endpoints.add(endpoint("10.0.0.4", "node-d", 1));
    Future<Map<String, Object>> view = graph(new PeerLimits(10, Duration.ofSeconds(1), 1 << 20,
        4, Duration.ofSeconds(5))).view();
    asked.get("10.0.0.2").fail("answered 404");
    asked.get("10.0.0.3").complete(Map.of("edges", "no"));
    asked.get("10.0.0.4").complete(answer("node-d", 1, 1));
    List<Map<String, Object>> peers = peers(view.result());
    assertEquals("error", peers.get(0).get("status"));
    assertEquals("answered 404", peers.get(0).get("error"));
    assertFalse(peers.get(0).containsKey("view"));
    assertEquals("not a graph: no edges list", peers.get(1).get("error"));
    assertEquals("ok", peers.get(2).get("status"));
  }

  @Test
  void aPeerOnThisNodeIsReadHereNotAskedOverHttp() {
    endpoints.add(endpoint("10.0.0.1", "node-a", 5));
    Future<Map<String, Object>> view = graph(LIMITS).view();
    assertEquals(0, askedInAll);
    assertEquals(List.of("local"), localAsked);
    assertEquals(true, peers(view.result()).get(0).get("self"));
    assertEquals("ok", peers(view.result()).get(0).get("status"));
  }

  @Test
  void endpointsOfOneHostAreOnePeer() {
    endpoints.add(endpoint("10.0.0.2", "node-b", 5));
    endpoints.add(new PeerEndpoint("h2-outgoing", "/%/h2", "10.0.0.2", 4241, "node-b", 7));
    Future<Map<String, Object>> view = graph(LIMITS).view();
    asked.get("10.0.0.2").complete(answer("node-b", 1, 1));
    assertEquals(1, askedInAll);
    assertEquals(12L, peers(view.result()).get(0).get("requests"));
    assertEquals(2, ((List<?>) peers(view.result()).get(0).get("clients")).size());
  }

  @Test
  void answersAreCutToTheEdgeBudget() {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < PeerGraph.MAX_EDGES + 10; i++) {
      rows.add(List.of("r", "/svc/" + i, "/c", 1));
    }
    PeerAnswer answer = PeerAnswer.parse(Map.of("t", 1, "edges", rows), PeerGraph.MAX_EDGES);
    assertEquals(PeerGraph.MAX_EDGES, answer.edges().size());
    assertTrue(answer.truncated());
    assertEquals(PeerAnswer.MAX_NAME + 1, PeerAnswer.parse(Map.of("t", 1, "node",
        "n".repeat(5000), "edges", List.of()), 10).node().length());
  }
}
