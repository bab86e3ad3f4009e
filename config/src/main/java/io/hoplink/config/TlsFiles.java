package io.hoplink.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Checks of the file paths and protocol names in {@code tls} blocks. */
final class TlsFiles {
  private static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

  private TlsFiles() {}

  /**
   * The path at {@code node}, which must name a readable file where the router starts (a
   * certificate mounted into the pod: away from it, {@code check} warns instead). Prefix
   * captures ({@code {service}}) are refused here: filled in from a request's name, they would
   * let a client pick the files (and make one TLS client per name); {@code commonName} takes
   * them.
   */
  static String file(ConfigNode node) {
    String path = node.asString();
    if (path.isBlank()) {
      throw node.error("must not be empty (expected: a file path)");
    }
    if (path.contains("{")) {
      throw node.error("'" + path + "': a certificate path takes no {captures} (a request's"
          + " name would choose the file); commonName takes them");
    }
    boolean readable;
    try {
      // the identity block's files are written before any server starts
      readable = Files.isReadable(Path.of(path)) || node.isMadeAtStart(Path.of(path));
    } catch (InvalidPathException e) {
      throw node.error("'" + path + "' is not a file system path: " + e.getReason());
    }
    node.requireFromPod(readable, "'" + path + "' cannot be read");
    return path;
  }

  /** The protocol names at {@code key}, each one TLS knows. */
  static List<String> protocols(ConfigNode node, String key) {
    return node.list(key, n -> {
      String name = n.asString();
      if (!PROTOCOLS.contains(name)) {
        throw n.error("'" + name + "' is not a TLS protocol (expected: TLSv1.3, TLSv1.2, TLSv1.1"
            + " or TLSv1)");
      }
      return name;
    });
  }
}
