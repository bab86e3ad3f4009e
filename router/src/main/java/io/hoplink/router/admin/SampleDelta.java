package io.hoplink.router.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed from one dashboard sample to the next, so that a tick sends the rows that moved
 * instead of every row: with a thousand idle clients, a few rows instead of 200 KB. A delta keeps
 * the routers whole and, for services, clients and edges, only the rows that differ from the
 * sample before (whole rows, so a delta applied to a newer state does no harm) and the keys of
 * the rows gone ({@code removed}). Rows are keyed by their first columns: router and name, or
 * router, service and client for an edge.
 */
final class SampleDelta {
  private SampleDelta() {}

  /** {@code now} reduced to what differs from {@code before}, marked {@code delta: true}. */
  static Map<String, Object> between(Map<String, Object> before, Map<String, Object> now) {
    Map<String, Object> out = new LinkedHashMap<>(now);
    out.put("delta", true);
    for (String table : List.of("services", "clients")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> was = (Map<String, Object>) before.get(table);
      @SuppressWarnings("unchecked")
      Map<String, Object> is = (Map<String, Object>) now.get(table);
      Map<String, Object> changed = new LinkedHashMap<>(is);
      List<Object> removed = new ArrayList<>();
      changed.put("rows", changedRows(rows(was.get("rows")), rows(is.get("rows")), 2, removed));
      changed.put("removed", removed);
      out.put(table, changed);
    }
    List<Object> removedEdges = new ArrayList<>();
    out.put("edges", changedRows(rows(before.get("edges")), rows(now.get("edges")), 3,
        removedEdges));
    out.put("removedEdges", removedEdges);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Object rows) {
    return (List<List<Object>>) rows;
  }

  private static List<Object> changedRows(List<List<Object>> before, List<List<Object>> now,
      int keyColumns, List<Object> removed) {
    Map<List<Object>, List<Object>> was = new HashMap<>();
    for (List<Object> row : before) {
      was.put(row.subList(0, keyColumns), row);
    }
    List<Object> out = new ArrayList<>();
    for (List<Object> row : now) {
      List<Object> key = row.subList(0, keyColumns);
      if (!row.equals(was.remove(key))) {
        out.add(row);
      }
    }
    removed.addAll(was.keySet());
    return out;
  }
}
