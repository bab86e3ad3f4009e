package io.hoplink.router.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A peer's {@link LocalGraph} answer, checked: whatever a peer sends is taken as plain strings
 * and counts, names cut at {@link #MAX_NAME} characters, at most as many edges as the caller
 * keeps ({@code truncated} says some were left).
 */
record PeerAnswer(String node, long t, List<Edge> edges, boolean truncated) {
  static final int MAX_NAME = 300;

  /** A service's attempts through a client on the peer. */
  record Edge(String router, String service, String client, long requests) {
    String key() {
      return router + "\0" + service + "\0" + client;
    }
  }

  /**
   * Checks {@code json}, keeping at most {@code maxEdges} edges.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static PeerAnswer parse(Object json, int maxEdges) {
    if (!(json instanceof Map<?, ?> doc)) {
      throw new IllegalArgumentException("not a graph: expected a JSON object");
    }
    if (!(doc.get("edges") instanceof List<?> rows)) {
      throw new IllegalArgumentException("not a graph: no edges list");
    }
    Object node = doc.get("node");
    if (node != null && !(node instanceof String)) {
      throw new IllegalArgumentException("not a graph: node is not a string");
    }
    if (!(doc.get("t") instanceof Number t)) {
      throw new IllegalArgumentException("not a graph: t is not a number");
    }
    List<Edge> edges = new ArrayList<>(Math.min(rows.size(), maxEdges));
    for (Object row : rows) {
      if (edges.size() >= maxEdges) {
        break;
      }
      if (!(row instanceof List<?> r) || r.size() < 4 || !(r.get(0) instanceof String router)
          || !(r.get(1) instanceof String service) || !(r.get(2) instanceof String client)
          || !(r.get(3) instanceof Number requests)) {
        throw new IllegalArgumentException(
            "not a graph: an edge is not [router, service, client, requests]");
      }
      edges.add(new Edge(cut(router), cut(service), cut(client), requests.longValue()));
    }
    return new PeerAnswer(node == null ? "" : cut((String) node), t.longValue(), edges,
        rows.size() > edges.size());
  }

  static String cut(String s) {
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) + "…" : s;
  }
}
