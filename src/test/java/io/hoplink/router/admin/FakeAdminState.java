package io.hoplink.router.admin;

import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An {@link AdminState} whose answers the test sets. */
public final class FakeAdminState implements AdminState {
  public final Metrics metrics = Metrics.newTree();
  public Object config = Map.of();
  public List<String> routers = List.of("outgoing", "incoming");
  public Object clientState = Map.of();
  public Map<String, Object> dtabs = Map.of();
  public final Map<String, Supplier<Object>> namers = new LinkedHashMap<>();
  public final AtomicInteger shutdowns = new AtomicInteger();
  public Map<String, io.hoplink.router.telemetry.TelemeterPage> telemeterPages = Map.of();

  @Override
  public Map<String, io.hoplink.router.telemetry.TelemeterPage> telemeterPages() {
    return telemeterPages;
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public Object effectiveConfig() {
    return config;
  }

  @Override
  public List<String> routerLabels() {
    return routers;
  }

  /** Resolves nothing: echoes its input, and refuses a path that does not start with '/'. */
  @Override
  public Object delegate(String routerLabel, String path, String dtab) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("'" + path + "' is not a path (expected: /a/b)");
    }
    return Map.of("router", routerLabel, "path", path, "dtab", dtab, "type", "neg");
  }

  @Override
  public Map<String, Object> dtabs() {
    return dtabs;
  }

  @Override
  public Object clientState() {
    return clientState;
  }

  public List<PeerEndpoint> peerEndpoints = List.of();
  public String nodeName = "";

  @Override
  public List<PeerEndpoint> peerEndpoints() {
    return peerEndpoints;
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public Map<String, Supplier<Object>> namerStates() {
    return namers;
  }

  @Override
  public Future<Void> shutdown() {
    shutdowns.incrementAndGet();
    return Future.succeededFuture();
  }
}
