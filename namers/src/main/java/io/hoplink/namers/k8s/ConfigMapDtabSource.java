package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hoplink.naming.DtabSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The dtab of Linkerd's {@code io.l5d.k8s.configMap} interpreter: the data key {@code key} of
 * ConfigMap {@code namespace/name}, listed then watched through the API by an informer (which
 * relists and rewatches with backoff when the watch ends or the API is away). Each change of
 * the ConfigMap is a reading: its key's text, or {@link Reading.Absent} when the ConfigMap or
 * the key does not exist (Linkerd's empty dtab). Until the first list there is no reading;
 * while the API is away there is none either, so the last one stays in force, and the failure
 * is logged once.
 */
public final class ConfigMapDtabSource implements DtabSource {
  private static final System.Logger LOG = System.getLogger(ConfigMapDtabSource.class.getName());

  private final KubeApi api;
  private final String namespace;
  private final String name;
  private final String key;
  private final AtomicBoolean listed = new AtomicBoolean();
  private final AtomicReference<String> failing = new AtomicReference<>();
  private volatile String lastError;
  private volatile SharedIndexInformer<ConfigMap> informer;
  private Consumer<Reading> readings;
  private volatile boolean closed;

  private ConfigMapDtabSource(KubeApi api, String namespace, String name, String key) {
    this.api = requireNonNull(api, "api");
    this.namespace = requireNonNull(namespace, "namespace");
    this.name = requireNonNull(name, "name");
    this.key = requireNonNull(key, "key");
  }

  /** Reads {@code key} of ConfigMap {@code namespace/name} through {@code api}, which it closes. */
  public static ConfigMapDtabSource of(KubeApi api, String namespace, String name, String key) {
    return new ConfigMapDtabSource(api, namespace, name, key);
  }

  @Override
  public String show() {
    return "ConfigMap " + namespace + "/" + name + " key " + key;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "io.l5d.k8s.configMap");
    out.put("namespace", namespace);
    out.put("name", name);
    out.put("key", key);
    out.put("api", api.target());
    SharedIndexInformer<ConfigMap> current = informer;
    out.put("listed", listed.get());
    out.put("watching", current != null && current.isWatching());
    String error = lastError;
    if (error != null) {
      out.put("lastWatchError", error);
      out.put("failing", failing.get() != null);
    }
    return out;
  }

  @Override
  public synchronized void start(Consumer<Reading> readings) {
    requireNonNull(readings, "readings");
    if (this.readings != null) {
      throw new IllegalStateException("already started");
    }
    if (closed) {
      return;
    }
    this.readings = readings;
    SharedIndexInformer<ConfigMap> started = api.client().configMaps().inNamespace(namespace)
        .withName(name).runnableInformer(0);
    started.addEventHandler(Informers.onChange(listed, this::changed));
    started.exceptionHandler((ok, error) -> failed(error));
    informer = started;
    started.start();
  }

  /** On fabric8's threads: hands the key's reading on, one at a time. */
  private synchronized void changed() {
    SharedIndexInformer<ConfigMap> current = informer;
    if (closed || current == null || !listed.get()) {
      return;
    }
    List<ConfigMap> maps = current.getStore().list();
    Reading reading;
    if (maps.isEmpty()) {
      reading = new Reading.Absent("the ConfigMap " + namespace + "/" + name + " does not exist");
    } else {
      Map<String, String> data = maps.get(0).getData();
      String text = data == null ? null : data.get(key);
      reading = text != null ? new Reading.Text(text) : new Reading.Absent("the ConfigMap "
          + namespace + "/" + name + " has no key '" + key + "' in its data");
    }
    if (failing.getAndSet(null) != null) {
      LOG.log(System.Logger.Level.INFO, show() + ": the API at " + api.target()
          + " answers again");
    }
    readings.accept(reading);
  }

  private boolean failed(Throwable error) {
    if (closed) {
      return false;
    }
    String why = ServiceWatch.describe(error);
    lastError = why;
    if (!why.equals(failing.getAndSet(why))) {
      LOG.log(System.Logger.Level.WARNING, show() + ": watching it at " + api.target()
          + " failed (" + why + "); retrying; " + (listed.get()
              ? "the dtab read before stays in force"
              : "it was not read yet, so requests wait for it"));
    }
    return true;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (informer != null) {
      informer.stop();
    }
    api.close();
  }
}
