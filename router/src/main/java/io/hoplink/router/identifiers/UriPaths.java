package io.hoplink.router.identifiers;

import io.hoplink.naming.Path;
import java.util.ArrayList;
import java.util.List;

/** The segments of a request path as a name: empty segments (from {@code //}) are skipped. */
final class UriPaths {
  private UriPaths() {}

  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  static Path segments(String path) {
    return Path.of(split(path));
  }
}
