package io.hoplink.namers.k8s;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The k8s namers at run time: {@code /<namespace>/<port>/<service>[/<label value>]/<residual>}
 * (or, with a fixed namespace, {@code /<port>/<service>[/<label value>]/...}) binds to the
 * Service's ready endpoints on that port. Segments are lowercased, as in Linkerd.
 */
final class K8sNamer implements Namer {
  private final K8sNamerConfig config;
  private final String namespace;
  private final K8sEndpoints endpoints;
  private final Path idPrefix;

  /** @param namespace the fixed namespace of {@code io.l5d.k8s.ns}, else null */
  K8sNamer(K8sNamerConfig config, String namespace, K8sEndpoints endpoints) {
    this.config = config;
    this.namespace = namespace;
    this.endpoints = endpoints;
    this.idPrefix = config.dtabPrefix();
  }

  @Override
  public Activity<NameTree<Name>> lookup(Path path) {
    int head = (namespace == null ? 3 : 2) + (config.labelSelector().isPresent() ? 1 : 0);
    if (path.size() < head) {
      return Activity.value(NameTree.neg());
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.take(head).segments()) {
      segments.add(segment.toLowerCase(Locale.ROOT));
    }
    int i = 0;
    String ns = namespace == null ? segments.get(i++) : namespace;
    String port = segments.get(i++);
    String service = segments.get(i++);
    String labelValue = config.labelSelector().isPresent() ? segments.get(i) : null;
    return endpoints.lookup(idPrefix.concat(Path.of(segments)), ns, port, service,
        config.labelSelector().orElse(null), labelValue, path.drop(head));
  }

  @Override
  public Object state() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", config.kind());
    out.put("prefix", idPrefix.show());
    if (namespace != null) {
      out.put("namespace", namespace);
    }
    config.labelSelector().ifPresent(label -> out.put("labelSelector", label));
    out.putAll(endpoints.state());
    return out;
  }

  @Override
  public void close() {
    endpoints.close();
  }
}
