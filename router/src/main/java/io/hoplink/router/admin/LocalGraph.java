package io.hoplink.router.admin;

import io.hoplink.router.telemetry.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What this router tells a peer that draws it ({@link #PATH}): its node's name, its routers and
 * each service-to-client edge with the attempts counted so far ({@code [router, service,
 * client, requests]}); the peer turns two answers into rates. The metrics are indexed again
 * only when the tree's set of metrics changed.
 */
final class LocalGraph {
  /** The one path a router asks of its peers. */
  static final String PATH = "/dashboard/graph.json";

  private final Metrics metrics;
  private final Supplier<String> nodeName;
  private final Supplier<List<String>> routers;
  private final LongSupplier wallMillis;
  private DashboardScopes scopes;

  LocalGraph(Metrics metrics, Supplier<String> nodeName, Supplier<List<String>> routers,
      LongSupplier wallMillis) {
    this.metrics = metrics;
    this.nodeName = nodeName;
    this.routers = routers;
    this.wallMillis = wallMillis;
  }

  /** {@code {node, t, routers, edges}}; reads the tree, so call it off the event loop. */
  synchronized Map<String, Object> document() {
    if (scopes == null || scopes.changes != metrics.changes()) {
      scopes = DashboardScopes.index(metrics, null);
    }
    List<Object> edges = new ArrayList<>(scopes.edges.size());
    for (DashboardScopes.Edge edge : scopes.edges.values()) {
      edges.add(Arrays.asList(edge.router, edge.service, edge.client, edge.requests.getCount()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", nodeName.get());
    out.put("t", wallMillis.getAsLong());
    out.put("routers", routers.get());
    out.put("edges", edges);
    return out;
  }
}
