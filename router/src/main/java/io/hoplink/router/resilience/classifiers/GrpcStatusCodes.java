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
      if (code < 0 || code > MAX_CODE) {
        throw element.error(code + " is not a gRPC status code (expected: 0 to " + MAX_CODE + ")");
      }
      codes.add(code);
    }
    return List.copyOf(codes);
  }
}
