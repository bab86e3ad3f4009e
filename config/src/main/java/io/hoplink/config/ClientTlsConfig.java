package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A client's {@code tls} block. In a static client config, {@code {var}} captured by the prefix
 * may be used in its strings.
 *
 * <pre>
 * tls:
 *   commonName: "{service}.example"
 *   trustCerts: [/certs/ca.pem]
 *   clientAuth: {certPath: /certs/router.pem, keyPath: /certs/router.key}
 * </pre>
 */
public record ClientTlsConfig(
    boolean enabled,
    boolean disableValidation,
    Optional<String> commonName,
    List<String> trustCerts,
    Optional<String> trustCertsBundle,
    Optional<ClientAuth> clientAuth,
    List<String> protocols) implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("enabled", "disableValidation", "commonName",
      "trustCerts", "trustCertsBundle", "clientAuth", "protocols");

  /** The client certificate presented for mutual TLS, and the chain between it and its CA. */
  public record ClientAuth(String certPath, String keyPath, Optional<String> intermediateCertsPath) {
    public ClientAuth {
      requireNonNull(certPath, "certPath");
      requireNonNull(keyPath, "keyPath");
      requireNonNull(intermediateCertsPath, "intermediateCertsPath");
    }

    ClientAuth substitute(Map<String, String> vars) {
      return new ClientAuth(PathPattern.substitute(certPath, vars),
          PathPattern.substitute(keyPath, vars),
          intermediateCertsPath.map(p -> PathPattern.substitute(p, vars)));
    }

    Map<String, Object> toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("certPath", certPath);
      out.put("keyPath", keyPath);
      intermediateCertsPath.ifPresent(p -> out.put("intermediateCertsPath", p));
      return out;
    }
  }

  public ClientTlsConfig {
    requireNonNull(commonName, "commonName");
    trustCerts = List.copyOf(trustCerts);
    requireNonNull(trustCertsBundle, "trustCertsBundle");
    requireNonNull(clientAuth, "clientAuth");
    protocols = List.copyOf(protocols);
  }

  static ClientTlsConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    boolean disableValidation = node.bool("disableValidation", false);
    Optional<ClientAuth> clientAuth = node.get("clientAuth").map(a -> {
      a.requireOnlyKeys(Set.of("certPath", "keyPath", "intermediateCertsPath"));
      return new ClientAuth(TlsFiles.file(a.required("certPath")),
          TlsFiles.file(a.required("keyPath")),
          a.get("intermediateCertsPath").map(TlsFiles::file));
    });
    if (disableValidation && clientAuth.isPresent()) {
      throw node.error("disableValidation: true is incompatible with clientAuth");
    }
    if (node.has("trustCerts") && node.has("trustCertsBundle")) {
      throw node.error("trustCerts and trustCertsBundle together: give one (as Linkerd 1.7.5"
          + " asks)");
    }
    return new ClientTlsConfig(node.bool("enabled", true), disableValidation,
        node.get("commonName").map(ConfigNode::asString), node.list("trustCerts", TlsFiles::file),
        node.get("trustCertsBundle").map(TlsFiles::file), clientAuth,
        TlsFiles.protocols(node, "protocols"));
  }

  /** This block without its {@code commonName} (the name goes with each request). */
  public ClientTlsConfig withoutCommonName() {
    return new ClientTlsConfig(enabled, disableValidation, Optional.empty(), trustCerts,
        trustCertsBundle, clientAuth, protocols);
  }

  /** This block with {@code {var}}s in its strings replaced by the prefix's captures. */
  public ClientTlsConfig substitute(Map<String, String> vars) {
    return new ClientTlsConfig(enabled, disableValidation,
        commonName.map(s -> PathPattern.substitute(s, vars)),
        trustCerts.stream().map(s -> PathPattern.substitute(s, vars)).toList(),
        trustCertsBundle.map(s -> PathPattern.substitute(s, vars)),
        clientAuth.map(a -> a.substitute(vars)),
        protocols);
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", enabled);
    out.put("disableValidation", disableValidation);
    commonName.ifPresent(c -> out.put("commonName", c));
    if (!trustCerts.isEmpty()) {
      out.put("trustCerts", trustCerts);
    }
    trustCertsBundle.ifPresent(b -> out.put("trustCertsBundle", b));
    clientAuth.ifPresent(a -> out.put("clientAuth", a.toPlain()));
    if (!protocols.isEmpty()) {
      out.put("protocols", protocols);
    }
    return out;
  }
}
