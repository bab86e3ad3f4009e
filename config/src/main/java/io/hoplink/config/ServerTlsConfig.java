package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A server's {@code tls} block.
 *
 * <pre>
 * tls:
 *   certPath: /certs/router.pem
 *   keyPath: /certs/router.key        # PKCS#8
 *   caCertPath: /certs/ca.pem
 *   requireClientAuth: true
 * </pre>
 */
public record ServerTlsConfig(
    String certPath,
    String keyPath,
    Optional<String> caCertPath,
    Optional<String> intermediateCertsPath,
    boolean requireClientAuth,
    List<String> ciphers,
    List<String> protocols) implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("certPath", "keyPath", "caCertPath",
      "intermediateCertsPath", "requireClientAuth", "ciphers", "protocols");

  public ServerTlsConfig {
    requireNonNull(certPath, "certPath");
    requireNonNull(keyPath, "keyPath");
    requireNonNull(caCertPath, "caCertPath");
    requireNonNull(intermediateCertsPath, "intermediateCertsPath");
    ciphers = List.copyOf(ciphers);
    protocols = List.copyOf(protocols);
  }

  static ServerTlsConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    boolean requireClientAuth = node.bool("requireClientAuth", false);
    if (requireClientAuth && !node.has("caCertPath")) {
      throw node.error("requireClientAuth: true needs caCertPath to check client certificates against");
    }
    return new ServerTlsConfig(TlsFiles.file(node.required("certPath")),
        TlsFiles.file(node.required("keyPath")), node.get("caCertPath").map(TlsFiles::file),
        node.get("intermediateCertsPath").map(TlsFiles::file), requireClientAuth,
        node.list("ciphers", ConfigNode::asString), TlsFiles.protocols(node, "protocols"));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("certPath", certPath);
    out.put("keyPath", keyPath);
    caCertPath.ifPresent(p -> out.put("caCertPath", p));
    intermediateCertsPath.ifPresent(p -> out.put("intermediateCertsPath", p));
    out.put("requireClientAuth", requireClientAuth);
    if (!ciphers.isEmpty()) {
      out.put("ciphers", ciphers);
    }
    if (!protocols.isEmpty()) {
      out.put("protocols", protocols);
    }
    return out;
  }
}
