package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the multi-node test takes from the real manifests in {@code daemonset/}: the router
 * config of the ConfigMap in l5d-config.yaml, and from l5d.yaml the Service {@code l5d} and the
 * router container (its environment and ports), so the test runs what a cluster would; and
 * likewise the mTLS variants' configs, and the cert-manager variant's DaemonSet.
 */
final class DaemonsetManifests {
  private static final String CERT_MANAGER = "mtls/cert-manager/";

  private DaemonsetManifests() {}

  /**
   * The ConfigMap's {@code config.yaml}, changed only where a test must: the k8s namer and the
   * daemonset transformer reach the API at {@code apiHost:apiPort} (plain HTTP) instead of
   * through the pod's service account.
   */
  static String routerConfig(String apiHost, int apiPort) {
    return withApi(Serialization.unmarshal(read("l5d-config.yaml"), ConfigMap.class).getData()
        .get("config.yaml"), apiHost, apiPort);
  }

  /**
   * The router config of the mTLS DaemonSet (daemonset/mtls/l5d-config.yaml) with its API at
   * {@code apiHost:apiPort}, and the identity's files (tls.crt, tls.key, ca.crt) read from
   * {@code certs} instead of from an identity issuer (its block taken out).
   */
  static String mtlsRouterConfig(String apiHost, int apiPort, java.nio.file.Path certs) {
    String config = Serialization.unmarshal(read("mtls/l5d-config.yaml"), ConfigMap.class)
        .getData().get("config.yaml");
    config = replaceOnce(config, "(?m)^identity:\\n(?:  .*\\n)+\\n", "");
    config = replaceEach(config, "/var/run/hoplink/identity/", certs + "/");
    return withApi(config, apiHost, apiPort);
  }

  /** The DaemonSet of the cert-manager variant (daemonset/mtls/cert-manager/l5d.yaml). */
  static DaemonSet certManagerDaemonSet() {
    return find(CERT_MANAGER + "l5d.yaml", DaemonSet.class, "l5d");
  }

  /**
   * The router config of the cert-manager variant (its ConfigMap's {@code config.yaml}) with its
   * API at {@code apiHost:apiPort}, each directory mounted in the pod (a key of {@code mounts})
   * read from the local directory it maps to, and the admin server and every router on
   * 127.0.0.1, port 0, so that one host runs several.
   */
  static String certManagerRouterConfig(String apiHost, int apiPort,
      Map<String, java.nio.file.Path> mounts) {
    String config = Serialization.unmarshal(read(CERT_MANAGER + "l5d-config.yaml"),
        ConfigMap.class).getData().get("config.yaml");
    for (Map.Entry<String, java.nio.file.Path> mount : mounts.entrySet()) {
      config = replaceEach(config, Pattern.quote(mount.getKey() + "/"),
          Matcher.quoteReplacement(mount.getValue() + "/"));
    }
    config = replaceEach(config, "(?m)^( +(?:- )?)ip: 0\\.0\\.0\\.0$", "$1ip: 127.0.0.1");
    return withApi(replaceEach(config, "(?m)^( +)port: \\d+$", "$1port: 0"), apiHost, apiPort);
  }

  private static String withApi(String config, String apiHost, int apiPort) {
    config = replaceOnce(config, "(?m)^- kind: io\\.l5d\\.k8s$",
        "$0\n  host: " + apiHost + "\n  port: " + apiPort);
    // Every router pair (http, h2, gRPC) has its own daemonset transformer.
    return replaceEach(config, "(?m)^( *)service: l5d$",
        "$0\n$1k8sHost: " + apiHost + "\n$1k8sPort: " + apiPort);
  }

  private static String replaceEach(String text, String regex, String replacement) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "'" + regex + "' in l5d-config.yaml's config.yaml:\n" + text);
    return m.replaceAll(replacement);
  }

  private static String replaceOnce(String text, String regex, String replacement) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (m.find()) {
      count++;
    }
    assertEquals(1, count, "'" + regex + "' in l5d-config.yaml's config.yaml:\n" + text);
    return m.replaceFirst(replacement);
  }

  /** Service {@code l5d} as l5d.yaml declares it. */
  static Service l5dService() {
    return find("l5d.yaml", Service.class, "l5d");
  }

  /** The DaemonSet's router container. */
  static Container router() {
    List<Container> containers =
        find("l5d.yaml", DaemonSet.class, "l5d").getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** The labels the DaemonSet gives its pods. */
  static Map<String, String> podLabels() {
    return find("l5d.yaml", DaemonSet.class, "l5d").getSpec().getTemplate().getMetadata()
        .getLabels();
  }

  /**
   * The router container's environment on a node, as the kubelet sets it: literal values as
   * written, downward-API fields resolved for this pod.
   */
  static Map<String, String> routerEnv(String nodeName, String podIp, String hostIp) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar var : router().getEnv()) {
      if (var.getValue() != null) {
        out.put(var.getName(), var.getValue());
        continue;
      }
      String field = var.getValueFrom().getFieldRef().getFieldPath();
      out.put(var.getName(), switch (field) {
        case "spec.nodeName" -> nodeName;
        case "status.podIP" -> podIp;
        case "status.hostIP" -> hostIp;
        case "metadata.namespace" -> "default";
        default -> throw new AssertionError("l5d.yaml: env " + var.getName() + " from " + field
            + " (the test resolves spec.nodeName, status.podIP, status.hostIP, metadata.namespace)");
      });
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T find(String file, Class<T> type, String name) {
    for (String document : read(file).split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Object object = Serialization.unmarshal(document);
      if (type.isInstance(object) && ((HasMetadata) object).getMetadata().getName().equals(name)) {
        return (T) object;
      }
    }
    throw new AssertionError("daemonset/" + file + " has no " + type.getSimpleName() + " " + name);
  }

  private static String read(String file) {
    try {
      return Files.readString(HoplinkProcess.basedir().resolve("daemonset").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
