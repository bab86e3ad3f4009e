package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleDeltaTest {
  private static Map<String, Object> sample(List<Object> services, List<Object> clients,
      List<Object> edges) {
    return Map.of("t", 1L, "routers", List.of(Map.of("router", "outgoing")),
        "services", Map.of("columns", List.of("router", "name", "rps"), "rows", services),
        "clients", Map.of("columns", List.of("router", "name", "rps"), "rows", clients),
        "edges", edges);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void keepsOnlyTheRowsThatChangedAndNamesTheRowsGone() {
    Map<String, Object> before = sample(
        List.of(row("outgoing", "/svc/a", 1.0), row("outgoing", "/svc/b", 0.0),
            row("outgoing", "/svc/gone", 0.0)),
        List.of(row("outgoing", "/#/a", null)),
        List.of(row("outgoing", "/svc/a", "/#/a", 1.0, 5L)));
    Map<String, Object> now = sample(
        List.of(row("outgoing", "/svc/a", 2.0), row("outgoing", "/svc/b", 0.0),
            row("outgoing", "/svc/new", 0.0)),
        List.of(row("outgoing", "/#/a", null)),
        List.of(row("outgoing", "/svc/a", "/#/a", 1.0, 5L)));
    Map<String, Object> delta = SampleDelta.between(before, now);
    assertEquals(true, delta.get("delta"));
    assertEquals(now.get("routers"), delta.get("routers"), "routers stay whole");
    @SuppressWarnings("unchecked")
    Map<String, Object> services = (Map<String, Object>) delta.get("services");
    assertEquals(List.of(row("outgoing", "/svc/a", 2.0), row("outgoing", "/svc/new", 0.0)),
        services.get("rows"));
    assertEquals(List.of(List.of("outgoing", "/svc/gone")), services.get("removed"));
    assertEquals(List.of("router", "name", "rps"), services.get("columns"));
    @SuppressWarnings("unchecked")
    Map<String, Object> clients = (Map<String, Object>) delta.get("clients");
    assertEquals(List.of(), clients.get("rows"), "a row with a null is compared too");
    assertEquals(List.of(), delta.get("edges"));
    assertEquals(List.of(), delta.get("removedEdges"));
  }
}
