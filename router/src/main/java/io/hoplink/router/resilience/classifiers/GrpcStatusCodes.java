package io.hoplink.router.resilience.classifiers;

import io.hoplink.config.ConfigNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads lists of gRPC status codes ({@code successStatusCodes: [0, 5]}). */
final class GrpcStatusCodes {
  static final int MAX_CODE = 16; // UNAUTHENTICATED, the last code gRPC defines

  private GrpcStatusCodes() {}

  /** The codes under {@code key}, sorted and distinct; {@code fallback} when the key is absent. */
  static List<Integer> read(ConfigNode node, String key, List<Integer> fallback) {
    if (node.get(key).isEmpty()) {
      return fallback;
    }
    Set<Integer> codes = new TreeSet<>();
    for (ConfigNode element : node.required(key).elementsOrSingle()) {
      int code = element.asInt();
      if (code < 0) {
        throw element.error(code + " is not a gRPC status code (expected: >= 0)");
      }
      if (code > MAX_CODE) {
        // Linkerd takes any number (its docs use 100): a backend may send codes gRPC does not
        // define, so the config loads as it did there, with a word about it.
        element.warn(code + " is not a status code gRPC defines (0 to " + MAX_CODE
            + "); it matches only a backend that sends it");
      }
      codes.add(code);
    }
    return List.copyOf(codes);
  }
}
