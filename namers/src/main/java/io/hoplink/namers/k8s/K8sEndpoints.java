package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Service endpoints from the Kubernetes API, for the k8s namers and transformers: one watch
 * per (namespace, service, label) in use, shared by every name under it. A watch nobody has
 * observed for {@code idle} is closed; the next lookup starts a new one. All values are set on
 * one thread of this object's own, never on a Vert.x thread.
 */
public final class K8sEndpoints implements AutoCloseable {
  private final KubeApi api;
  private final NamerContext ctx;
  private final long idleMs;
  private final ScheduledExecutorService serial;
  private final EndpointSource source;
  private final Map<ServiceWatch.Key, ServiceWatch> watches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private K8sEndpoints(KubeApi api, NamerContext ctx, Duration idle) {
    this.api = api;
    this.ctx = ctx;
    this.idleMs = idle.toMillis();
    this.serial = Executors.newSingleThreadScheduledExecutor(ctx.threads());
    this.source = new EndpointSource(api);
    long sweepMs = Math.max(10, idleMs / 4);
    serial.scheduleWithFixedDelay(this::sweep, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
  }

  /** Starts serving lookups over {@code api}; closing this closes {@code api}. */
  public static K8sEndpoints start(KubeApi api, NamerContext ctx, Duration idle) {
    requireNonNull(api, "api");
    requireNonNull(ctx, "ctx");
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("idle: " + idle + " (expected: > 0)");
    }
    return new K8sEndpoints(api, ctx, idle);
  }

  /**
   * The tree for a Service port: pending until the first list, negative when the Service has no
   * such port (or no endpoints object), else a leaf bound as {@code id} with {@code residual}.
   *
   * @param label {@code null}, or a label name whose value {@code labelValue} the endpoints
   *     objects must carry
   */
  public Activity<NameTree<Name>> lookup(Path id, String namespace, String port, String service,
      String label, String labelValue, Path residual) {
    ServiceWatch.PortState state = port(id, namespace, port, service, label, labelValue);
    Activity<NameTree<Name>> tree = Activity.of(state.tree());
    if (residual.isEmpty()) {
      return tree;
    }
    return tree.map(t -> t.map(n -> n instanceof Name.Bound b
        ? new Name.Bound(b.id(), residual, b.addr()) : n));
  }

  /** The endpoints of a Service port (pending, negative or bound), as {@link #lookup} binds. */
  public Var<Addr> addr(Path id, String namespace, String port, String service) {
    return port(id, namespace, port, service, null, null).addr();
  }

  private ServiceWatch.PortState port(Path id, String namespace, String port, String service,
      String label, String labelValue) {
    if (closed) {
      throw new IllegalStateException("the k8s endpoints of " + api.target() + " are closed");
    }
    ServiceWatch.Key key = new ServiceWatch.Key(namespace, service, label, labelValue);
    ServiceWatch watch = watches.computeIfAbsent(key,
        k -> new ServiceWatch(k, api, serial, ctx.clock(), source));
    return watch.port(port, id);
  }

  private void sweep() {
    long now = ctx.clock().millis();
    watches.forEach((key, watch) -> {
      if (watch.isIdle(now, idleMs) && watches.remove(key, watch)) {
        watch.close();
      }
    });
  }

  /** How many watches are open, for tests and the admin page. */
  public int watchCount() {
    return watches.size();
  }

  /** Plain data for {@code /namer_state}: what each watch holds. */
  public Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("api", api.target());
    Map<String, Object> byService = new TreeMap<>();
    watches.forEach((key, watch) -> byService.put(key.show(), watch.state()));
    out.put("watches", byService);
    return out;
  }

  @Override
  public void close() {
    closed = true;
    serial.shutdownNow();
    watches.values().forEach(ServiceWatch::close);
    watches.clear();
    api.close();
  }
}
