package io.hoplink.router;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests with fabric8's model (no cluster) and finds the fields the model
 * does not know: fabric8 keeps those in each object's {@code additionalProperties} map without
 * complaint, so a typo such as {@code containerPorts:} would otherwise pass unnoticed. The
 * custom kinds the manifests use (cert-manager's), which fabric8 reads as generic resources, are
 * held to the fields listed in {@link #CUSTOM_KINDS}.
 */
final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  /**
   * Each custom kind's fields besides apiVersion, kind and metadata, as nested maps of the keys
   * an object may have; a leaf is the type its value must have. Only what the manifests use.
   */
  private static final Map<String, Map<String, Object>> CUSTOM_KINDS = Map.of(
      "cert-manager.io/v1 ClusterIssuer", Map.of("spec", Map.of("ca", Map.of(
          "secretName", String.class, "crlDistributionPoints", List.class,
          "ocspServers", List.class, "issuingCertificateURLs", List.class))));

  private Manifests() {}

  static Path basedir() {
    return Path.of(System.getProperty("hoplink.basedir", "."));
  }

  /** Every {@code .yaml}/{@code .yml} file under the given directories of the repository. */
  static List<Path> files(String... dirs) {
    List<Path> out = new ArrayList<>();
    for (String dir : dirs) {
      try (Stream<Path> files = Files.walk(basedir().resolve(dir))) {
        files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted().forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The {@code .yaml}/{@code .yml} files directly in {@code dir}: one variant's, not its subfolders'. */
  static List<Path> filesIn(String dir) {
    return files(dir).stream().filter(p -> p.getParent().equals(basedir().resolve(dir)))
        .toList();
  }

  /** The objects in one file (one or more YAML documents). */
  static List<HasMetadata> load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HasMetadata> parse(String yaml) {
    Object parsed;
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      parsed = SERIALIZATION.unmarshal(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** Whether {@code object} is a custom kind whose fields {@link #unknownFields} knows. */
  static boolean isKnownCustomKind(HasMetadata object) {
    return object instanceof GenericKubernetesResource
        && CUSTOM_KINDS.containsKey(object.getApiVersion() + " " + object.getKind());
  }

  /**
   * One line per non-empty {@code additionalProperties} map, anywhere in the object graph; for a
   * custom kind, one per field it does not have or value of the wrong type.
   */
  static List<String> unknownFields(HasMetadata object) {
    List<String> out = new ArrayList<>();
    String name = object.getKind() + " " + object.getMetadata().getName();
    if (object instanceof GenericKubernetesResource custom) {
      walk(custom.getMetadata(), name + ".metadata", out);
      Map<String, Object> fields = CUSTOM_KINDS.get(custom.getApiVersion() + " " + custom.getKind());
      if (fields == null) {
        out.add(name + ": unknown kind " + custom.getApiVersion() + " " + custom.getKind());
      } else {
        check(custom.getAdditionalProperties(), fields, name, out);
      }
    } else {
      walk(object, name, out);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void check(Object value, Object expected, String path, List<String> out) {
    if (expected instanceof Class<?> type) {
      if (!type.isInstance(value)) {
        out.add(path + ": " + value + " (expected: a " + type.getSimpleName() + ")");
      }
    } else if (!(value instanceof Map<?, ?> map)) {
      out.add(path + ": " + value + " (expected: an object)");
    } else {
      Map<String, Object> keys = (Map<String, Object>) expected;
      List<?> unknown = map.keySet().stream().filter(k -> !keys.containsKey(k)).toList();
      if (!unknown.isEmpty()) {
        out.add(path + ": unknown " + unknown);
      }
      map.forEach((k, v) -> {
        if (keys.containsKey(k)) {
          check(v, keys.get(k), path + "." + k, out);
        }
      });
    }
  }

  private static void walk(Object value, String path, List<String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", out));
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", out);
      }
    } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
      for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())) {
            continue;
          }
          Object child = read(field, value);
          if (field.getName().equals("additionalProperties")) {
            if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
              out.add(path + ": unknown " + extra.keySet());
            }
          } else {
            walk(child, path + "." + field.getName(), out);
          }
        }
      }
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }
}
