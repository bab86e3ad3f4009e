package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Ingress resources (networking.k8s.io/v1) of one namespace or all, listed and watched
 * through the API; every change rebuilds one immutable {@link IngressRules} that requests read
 * without a lock. Until the first list there are no rules ({@link #rules()} is empty); when the
 * watch fails, the last rules keep serving while fabric8 relists and rewatches, and the failure
 * is logged once.
 */
public final class IngressWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(IngressWatch.class.getName());

  private final KubeApi api;
  private final String scope;
  private final String ingressClass;
  private final boolean ignoreDefaultBackends;
  private final SharedIndexInformer<Ingress> informer;
  private final AtomicBoolean listed = new AtomicBoolean();
  private final AtomicReference<String> failing = new AtomicReference<>();
  private volatile IngressRules rules;
  private volatile boolean closed;

  private IngressWatch(KubeApi api, Optional<String> namespace, String ingressClass,
      boolean ignoreDefaultBackends) {
    this.api = api;
    this.scope = namespace.map(ns -> "namespace " + ns).orElse("all namespaces");
    this.ingressClass = ingressClass;
    this.ignoreDefaultBackends = ignoreDefaultBackends;
    var ingresses = api.client().network().v1().ingresses();
    this.informer = namespace.isPresent()
        ? ingresses.inNamespace(namespace.get()).runnableInformer(0)
        : ingresses.inAnyNamespace().runnableInformer(0);
    informer.addEventHandler(Informers.onChange(listed, this::changed));
    informer.exceptionHandler((started, error) -> failed(error));
  }

  /**
   * Starts watching the Ingresses of {@code namespace} (empty: all) whose class is
   * {@code ingressClass} or unset; closing the watch closes {@code api}.
   */
  public static IngressWatch start(KubeApi api, Optional<String> namespace, String ingressClass,
      boolean ignoreDefaultBackends) {
    IngressWatch watch = new IngressWatch(api, namespace, ingressClass, ignoreDefaultBackends);
    watch.informer.start();
    return watch;
  }

  /** The rules as last listed; empty until the first list. */
  public Optional<IngressRules> rules() {
    return Optional.ofNullable(rules);
  }

  /** The API's URL, for messages. */
  public String api() {
    return api.target();
  }

  private void changed() {
    if (closed || !listed.get()) {
      return;
    }
    synchronized (this) { // fabric8 calls from its own thread; keep rebuilds in order
      rules = IngressRules.of(informer.getStore().list(), ingressClass, ignoreDefaultBackends);
    }
    if (failing.getAndSet(null) != null) {
      LOG.log(System.Logger.Level.INFO, "io.l5d.ingress: the API at " + api.target()
          + " answers again; ingress rules as listed now");
    }
  }

  private boolean failed(Throwable error) {
    if (closed) {
      return false;
    }
    String why = ServiceWatch.describe(error);
    if (!why.equals(failing.getAndSet(why))) {
      LOG.log(System.Logger.Level.WARNING, "io.l5d.ingress: watching the Ingresses of " + scope
          + " at " + api.target() + " failed (" + why + "); retrying; "
          + (rules == null ? "none were listed yet, so requests get 503 until the first list"
              : "the rules listed before keep serving"));
    }
    return true;
  }

  /** What {@code /namer_state}-style pages show. */
  public Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("api", api.target());
    out.put("scope", scope);
    out.put("ingressClass", ingressClass);
    out.put("listed", rules != null);
    out.put("watching", informer.isWatching());
    IngressRules current = rules;
    if (current != null) {
      out.putAll(current.size());
    }
    String error = failing.get();
    if (error != null) {
      out.put("lastError", error);
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    informer.stop();
    api.close();
  }
}
