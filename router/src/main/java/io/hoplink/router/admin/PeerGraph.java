package io.hoplink.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node-to-node part of the dependency graph ({@code /dashboard/peers.json}): the peer routers
 * this router sends to, from its clients' per-endpoint counts, and each one's own graph, asked of
 * its admin port. Asked only when a page asks (never on the request path), at most once per
 * {@link PeerLimits#cacheTtl} however many pages do (they share the round in flight), at most
 * {@link PeerLimits#maxPeers} peers (the busiest; the rest counted in {@code leftOut}),
 * {@link PeerLimits#concurrency} at once. A peer that fails shows with its reason and costs
 * nothing else. Rates are the change between two rounds. While a round runs, pages get the view
 * before (only the first view waits for its round). An answer is checked and cut down as it
 * arrives, to at most {@link #MAX_EDGES} edges over all peers, so a round holds little.
 */
final class PeerGraph {
  static final int MAX_EDGES = 16_384;

  private final Supplier<Future<List<PeerEndpoint>>> endpoints;
  private final Supplier<Future<Map<String, Object>>> local;
  private final Supplier<String> nodeName;
  private final PeerFetch fetch;
  private final PeerLimits limits;
  private final LongSupplier nanoTime;
  private Future<Map<String, Object>> inFlight;
  private Map<String, Object> last;
  private long lastAt;
  /** What the round before read of each peer, by host. */
  private Map<String, Reading> before = Map.of();

  private record Reading(long nanos, long requests, Map<String, Long> clients, long peerT,
      Map<String, Long> edges) {}

  /** One peer router: its host and what this router's clients sent it. */
  private static final class Peer {
    final String host;
    String node = "";
    long requests;
    final List<PeerEndpoint> clients = new ArrayList<>();
    PeerAnswer answer;
    String error;

    Peer(String host) {
      this.host = host;
    }
  }

  /**
   * @param endpoints this router's peer endpoints, read off the event loop
   * @param local this router's own graph, for a peer on this same node (never asked over HTTP)
   */
  PeerGraph(Supplier<Future<List<PeerEndpoint>>> endpoints,
      Supplier<Future<Map<String, Object>>> local, Supplier<String> nodeName, PeerFetch fetch,
      PeerLimits limits, LongSupplier nanoTime) {
    this.endpoints = endpoints;
    this.local = local;
    this.nodeName = nodeName;
    this.fetch = fetch;
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  /** The latest view: the cached one if fresh, else the round in flight or a new one. */
  synchronized Future<Map<String, Object>> view() {
    if (inFlight != null) {
      return last != null ? Future.succeededFuture(last) : inFlight;
    }
    if (last != null && nanoTime.getAsLong() - lastAt < limits.cacheTtl().toNanos()) {
      return Future.succeededFuture(last);
    }
    Future<Map<String, Object>> round = endpoints.get().compose(this::round);
    inFlight = round;
    round.onComplete(done -> {
      synchronized (this) {
        inFlight = null;
        if (done.succeeded()) {
          last = done.result();
          lastAt = nanoTime.getAsLong();
        }
      }
    });
    return last != null && !round.isComplete() ? Future.succeededFuture(last) : round;
  }

  private Future<Map<String, Object>> round(List<PeerEndpoint> list) {
    Map<String, Peer> byHost = new LinkedHashMap<>();
    for (PeerEndpoint e : list) {
      Peer peer = byHost.computeIfAbsent(e.host(), Peer::new);
      peer.node = peer.node.isEmpty() ? e.nodeName() : peer.node;
      peer.requests += e.requests();
      peer.clients.add(e);
    }
    List<Peer> peers = new ArrayList<>(byHost.values());
    peers.sort(Comparator.comparingLong((Peer p) -> -p.requests).thenComparing(p -> p.host));
    int leftOut = Math.max(0, peers.size() - limits.maxPeers());
    List<Peer> asked = List.copyOf(peers.subList(0, peers.size() - leftOut));
    Promise<Void> done = Promise.promise();
    // next peer to ask, then the edges still to keep
    int[] next = {0, MAX_EDGES};
    int[] running = {Math.min(limits.concurrency(), asked.size())};
    if (running[0] == 0) {
      done.complete();
    }
    for (int i = 0; i < Math.min(limits.concurrency(), asked.size()); i++) {
      askNext(asked, next, running, done);
    }
    return done.future().map(v -> document(asked, leftOut));
  }

  /** Asks the next peer not yet asked; when none is left, this worker ends. */
  private void askNext(List<Peer> asked, int[] next, int[] running, Promise<Void> done) {
    Peer peer;
    synchronized (next) {
      if (next[0] == asked.size()) {
        if (--running[0] == 0) {
          done.complete();
        }
        return;
      }
      peer = asked.get(next[0]++);
    }
    Future<?> answer;
    try {
      String own = nodeName.get();
      answer = !own.isEmpty() && own.equals(peer.node) ? local.get() : fetch.fetch(peer.host);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(r -> {
      if (r.succeeded()) {
        synchronized (next) {
          try {
            peer.answer = PeerAnswer.parse(r.result(), next[1]);
            next[1] -= peer.answer.edges().size();
          } catch (IllegalArgumentException e) {
            peer.error = e.getMessage();
          }
        }
      } else {
        String why = r.cause().getMessage();
        peer.error = PeerAnswer.cut(why == null ? r.cause().getClass().getSimpleName() : why);
      }
      askNext(asked, next, running, done);
    });
  }

  private synchronized Map<String, Object> document(List<Peer> asked, int leftOut) {
    long now = nanoTime.getAsLong();
    Map<String, Reading> readings = new HashMap<>();
    List<Object> rows = new ArrayList<>();
    String own = nodeName.get();
    for (Peer peer : asked) {
      Reading was = before.get(peer.host);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("host", peer.host);
      row.put("node", peer.node);
      row.put("self", !own.isEmpty() && own.equals(peer.node));
      row.put("requests", peer.requests);
      double seconds = was == null ? 0 : (now - was.nanos) / 1e9;
      row.put("rps", rate(peer.requests, was == null ? null : was.requests, seconds));
      Map<String, Long> clients = new HashMap<>();
      List<Object> clientRows = new ArrayList<>();
      for (PeerEndpoint e : peer.clients) {
        String key = e.router() + "\0" + e.client() + "\0" + e.port();
        clientRows.add(Arrays.asList(e.router(), e.client(), e.port(), e.requests(),
            rate(e.requests(), was == null ? null : was.clients.get(key), seconds)));
        clients.put(key, e.requests());
      }
      row.put("clients", clientRows);
      Map<String, Long> edges = new HashMap<>();
      long peerT = -1;
      if (peer.answer != null) {
        peerT = peer.answer.t();
        row.put("view", view(peer.answer, was, edges));
      }
      row.put("status", peer.error == null ? "ok" : "error");
      if (peer.error != null) {
        row.put("error", peer.error);
      }
      readings.put(peer.host, new Reading(now, peer.requests, clients, peerT, edges));
      rows.add(row);
    }
    before = readings;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", own);
    out.put("maxPeers", limits.maxPeers());
    out.put("leftOut", leftOut);
    out.put("peers", rows);
    return out;
  }

  /** Per second, from the count {@code before} (null: unknown) {@code seconds} ago. */
  private static Double rate(long count, Long before, double seconds) {
    return before == null || seconds <= 0 ? null
        : DashboardSampler.round(Math.max(0, count - before) / seconds, 2);
  }

  /** The peer's edges with rates against the answer before ({@code was}); fills {@code edges}. */
  private static Map<String, Object> view(PeerAnswer answer, Reading was, Map<String, Long> edges) {
    double seconds = was == null || was.peerT < 0 ? 0 : (answer.t() - was.peerT) / 1000.0;
    List<Object> rows = new ArrayList<>();
    for (PeerAnswer.Edge e : answer.edges()) {
      rows.add(Arrays.asList(e.router(), e.service(), e.client(), e.requests(),
          rate(e.requests(), seconds > 0 ? was.edges.get(e.key()) : null, seconds)));
      edges.put(e.key(), e.requests());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", answer.node());
    out.put("edges", rows);
    out.put("truncated", answer.truncated());
    return out;
  }
}
