package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The informers a {@link ServiceWatch} runs. An informer lists, then watches from the list's
 * version; when the watch ends (a closed stream, 410 Gone as a status or an ERROR event, an API
 * server that is away) fabric8 relists and rewatches with backoff, and its store keeps the last
 * known objects meanwhile.
 */
final class Informers {
  /** The service-name label Kubernetes puts on a Service's EndpointSlices. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private Informers() {}

  static SharedIndexInformer<EndpointSlice> slices(KubernetesClient client, ServiceWatch.Key key) {
    FilterWatchListDeletable<EndpointSlice, ?, ?> list = client.discovery().v1().endpointSlices()
        .inNamespace(key.namespace()).withLabel(SERVICE_NAME_LABEL, key.service());
    if (key.hasLabel()) {
      list = list.withLabel(key.labelName(), key.labelValue());
    }
    return list.runnableInformer(0);
  }

  static SharedIndexInformer<Endpoints> endpoints(KubernetesClient client, ServiceWatch.Key key) {
    FilterWatchListDeletable<Endpoints, ?, ?> list = client.endpoints()
        .inNamespace(key.namespace()).withField("metadata.name", key.service());
    if (key.hasLabel()) {
      list = list.withLabel(key.labelName(), key.labelValue());
    }
    return list.runnableInformer(0);
  }

  static SharedIndexInformer<Service> service(KubernetesClient client, ServiceWatch.Key key) {
    return client.services().inNamespace(key.namespace())
        .withField("metadata.name", key.service()).runnableInformer(0);
  }

  /**
   * A handler that calls {@code changed} on every add, update, delete or list, after setting
   * {@code listed} once a list has completed (the informer may say it has synced only later).
   */
  static <T> ResourceEventHandler<T> onChange(java.util.concurrent.atomic.AtomicBoolean listed,
      Runnable changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onNothing() {
        listed.set(true);
        changed.run();
      }

      @Override
      public void onList(String resourceVersion, boolean initial) {
        listed.set(true);
        changed.run();
      }

      @Override
      public void onAdd(T obj) {
        changed.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.run();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.run();
      }
    };
  }
}
