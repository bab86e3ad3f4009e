package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The watch of one Service's endpoints (EndpointSlices, or v1 Endpoints where slices are not
 * served), plus the Service itself once a numeric port is asked for. Every change is handed to
 * the namer's one thread, which recomputes the endpoints of each port in use; until the first
 * list the names are pending, and afterwards the last known endpoints keep serving while the
 * informers relist and rewatch.
 */
final class ServiceWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServiceWatch.class.getName());

  /** What is watched: a Service, optionally narrowed by {@code labelName=labelValue}. */
  record Key(String namespace, String service, String labelName, String labelValue) {
    boolean hasLabel() {
      return labelName != null;
    }

    String show() {
      return namespace + "/" + service + (hasLabel() ? " (" + labelName + "=" + labelValue + ")" : "");
    }
  }

  /** The vars of one port segment. */
  record PortState(Var.Settable<Addr> addr, Var.Settable<Activity.State<NameTree<Name>>> tree,
      Name.Bound bound) {
    boolean isObserved() {
      return addr.isObserved() || tree.isObserved();
    }
  }

  private final Key key;
  private final KubeApi api;
  private final Executor serial;
  private final Clock clock;
  private final EndpointSource source;
  private final Map<String, PortState> ports = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<EndpointSlice> slices;
  private volatile SharedIndexInformer<Endpoints> endpoints;
  private volatile SharedIndexInformer<Service> service;
  private final AtomicBoolean slicesListed = new AtomicBoolean();
  private final AtomicBoolean endpointsListed = new AtomicBoolean();
  private final AtomicBoolean serviceListed = new AtomicBoolean();
  /** The failure being reported, null while the API answers: each failure is logged once. */
  private final java.util.concurrent.atomic.AtomicReference<String> failing =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile String lastError;
  private volatile long lastErrorAt;
  private volatile long updatedAt;
  private volatile long lastUsedAt;
  private volatile boolean closed;

  ServiceWatch(Key key, KubeApi api, Executor serial, Clock clock, EndpointSource source) {
    this.key = key;
    this.api = api;
    this.serial = serial;
    this.clock = clock;
    this.source = source;
    this.lastUsedAt = clock.millis();
    if (source.slicesServed()) {
      startSlices();
    } else {
      startEndpoints();
    }
  }

  /** The vars of {@code port}, made on first use; {@code id} is the bound name's id. */
  PortState port(String port, Path id) {
    lastUsedAt = clock.millis();
    PortState state = ports.get(port);
    if (state != null) {
      return state;
    }
    Var.Settable<Addr> addr = Var.settable(Addr.PENDING);
    PortState made = new PortState(addr, Var.settable(new Activity.Pending<>()),
        new Name.Bound(id, Path.empty(), addr));
    state = ports.putIfAbsent(port, made);
    if (state == null) {
      state = made;
      if (PortLookup.isNumber(port) && service == null) {
        startService();
      }
      changed();
    }
    return state;
  }

  private synchronized void startSlices() {
    SharedIndexInformer<EndpointSlice> informer = Informers.slices(api.client(), key);
    informer.addEventHandler(Informers.onChange(slicesListed, this::changed));
    informer.exceptionHandler((started, error) -> retry(started, error, true));
    slices = informer;
    start(informer);
  }

  private synchronized void startEndpoints() {
    SharedIndexInformer<Endpoints> informer = Informers.endpoints(api.client(), key);
    informer.addEventHandler(Informers.onChange(endpointsListed, this::changed));
    informer.exceptionHandler((started, error) -> retry(started, error, false));
    endpoints = informer;
    start(informer);
  }

  private synchronized void startService() {
    if (service != null || closed) {
      return;
    }
    SharedIndexInformer<Service> informer = Informers.service(api.client(), key);
    informer.addEventHandler(Informers.onChange(serviceListed, this::changed));
    informer.exceptionHandler((started, error) -> retry(started, error, false));
    service = informer;
    start(informer);
  }

  private void start(SharedIndexInformer<?> informer) {
    if (closed) {
      return;
    }
    informer.start().whenComplete((ok, error) -> changed());
  }

  /** Called on fabric8's threads when a list or watch fails: keep retrying, with backoff. */
  boolean retry(boolean started, Throwable error, boolean onSlices) {
    if (closed) {
      return false; // a watch that was closed (its names unused, or the router gone) says nothing
    }
    lastError = describe(error);
    lastErrorAt = clock.millis();
    if (!lastError.equals(failing.getAndSet(lastError))) {
      LOG.log(System.Logger.Level.WARNING, "io.l5d.k8s " + key.show() + ": watching it at "
          + api.target() + " failed (" + lastError + "); retrying; " + kept());
    }
    if (onSlices && !started && status(error) == 404 && !source.checkSlicesServed()) {
      LOG.log(System.Logger.Level.INFO, "io.l5d.k8s: discovery.k8s.io/v1 EndpointSlices are not "
          + "served; watching v1 Endpoints instead");
      serial.execute(this::switchToEndpoints);
      return false;
    }
    return !closed;
  }

  /** What went wrong, past the wrappers: {@code ConnectException}, {@code ...: message}. */
  static String describe(Throwable error) {
    Throwable root = error;
    while ((root instanceof java.util.concurrent.CompletionException
        || root instanceof java.util.concurrent.ExecutionException)
        && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message.strip().replace('\n', ' '));
  }

  /** What serves while the watch fails, said as it is. */
  private String kept() {
    boolean listed = false;
    java.util.Set<io.hoplink.naming.Address> addresses = new java.util.HashSet<>();
    for (PortState state : ports.values()) {
      Addr addr = state.addr().get();
      if (addr instanceof Addr.Bound bound) {
        listed = true;
        addresses.addAll(bound.addresses());
      } else if (!(addr instanceof Addr.Pending)) {
        listed = true;
      }
    }
    int known = addresses.size();
    if (!listed) {
      return "no endpoints were listed yet, so requests for it wait for the first list";
    }
    String at = java.time.Instant.ofEpochMilli(updatedAt).toString();
    return known == 0 ? "it had no endpoints when last listed (" + at + ")"
        : known + " endpoint" + (known == 1 ? "" : "s") + " last listed at " + at
            + " keep serving";
  }

  /** The HTTP status of the API error behind {@code error}, or 0. */
  private static int status(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return 0;
  }

  private synchronized void switchToEndpoints() {
    if (closed || endpoints != null) {
      return;
    }
    slices.stop();
    slices = null;
    startEndpoints();
  }

  private void changed() {
    if (closed) {
      return;
    }
    try {
      serial.execute(this::recompute);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the namer is closing
    }
  }

  /** Runs on the namer's thread only, so values are set in order. */
  private void recompute() {
    SharedIndexInformer<EndpointSlice> s = slices;
    SharedIndexInformer<Endpoints> e = endpoints;
    List<EndpointGroup> groups;
    if (s != null && (slicesListed.get() || s.hasSynced())) {
      groups = EndpointGroup.fromSlices(s.getStore().list());
    } else if (e != null && (endpointsListed.get() || e.hasSynced())) {
      groups = EndpointGroup.fromEndpoints(e.getStore().list());
    } else {
      return;
    }
    SharedIndexInformer<Service> svc = service;
    Service current = svc == null || svc.getStore().list().isEmpty() ? null : svc.getStore().list().get(0);
    boolean serviceKnown = svc != null && (serviceListed.get() || svc.hasSynced());
    ports.forEach((port, state) -> {
      Addr addr;
      if (PortLookup.isNumber(port)) {
        if (!serviceKnown) {
          return;
        }
        addr = PortLookup.byNumber(Integer.parseInt(port), current, groups);
      } else {
        addr = PortLookup.byName(port, groups);
      }
      state.addr().set(addr);
      state.tree().set(new Activity.Ok<>(
          addr instanceof Addr.Neg ? NameTree.neg() : NameTree.leaf(state.bound())));
    });
    updatedAt = clock.millis();
    String recovered = failing.getAndSet(null);
    if (recovered != null) {
      LOG.log(System.Logger.Level.INFO, "io.l5d.k8s " + key.show() + ": the API at "
          + api.target() + " answers again; endpoints as listed now");
    }
  }

  boolean isIdle(long now, long idleMs) {
    return now - lastUsedAt > idleMs && ports.values().stream().noneMatch(PortState::isObserved);
  }

  Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", endpoints != null ? "v1/Endpoints" : "discovery.k8s.io/v1/EndpointSlice");
    SharedIndexInformer<?> informer = endpoints != null ? endpoints : slices;
    out.put("listed", endpoints != null ? endpointsListed.get() : slicesListed.get());
    out.put("watching", informer != null && informer.isWatching());
    out.put("updatedAtMs", updatedAt);
    if (lastError != null) {
      out.put("lastError", lastError);
      out.put("lastErrorAtMs", lastErrorAt);
    }
    Map<String, Object> byPort = new TreeMap<>();
    ports.forEach((port, state) -> byPort.put(port, AddrState.show(state.addr().get())));
    out.put("ports", byPort);
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {slices, endpoints, service}) {
      if (informer != null) {
        informer.stop();
      }
    }
  }
}
