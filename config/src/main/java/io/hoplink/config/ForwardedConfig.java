package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's {@code addForwardedHeader}: how the RFC 7239 {@code Forwarded} element it adds
 * labels the router ({@code by}) and the client ({@code for}). Linkerd's labelers: {@code ip},
 * {@code ip:port}, {@code connectionRandom}, {@code requestRandom} (the default of both, as RFC
 * 7239 §6.3 asks), {@code router} (the router's label) and {@code static} with a {@code label};
 * the last two are obfuscated identifiers, so they start with {@code _}.
 */
public record ForwardedConfig(Labeler by, Labeler forLabel) implements PlainRenderable {
  public static final List<String> KINDS = List.of("ip", "ip:port", "connectionRandom",
      "requestRandom", "router", "static");

  /**
   * One labeler: {@code label} is the fixed identifier of {@code router} and {@code static}
   * (starting with {@code _}), empty for the others.
   */
  public record Labeler(String kind, String label) {
    public Labeler {
      requireNonNull(kind, "kind");
      requireNonNull(label, "label");
    }

    static final Labeler REQUEST_RANDOM = new Labeler("requestRandom", "");

    Map<String, Object> toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("kind", kind);
      if (kind.equals("static")) {
        out.put("label", label);
      }
      return out;
    }
  }

  public ForwardedConfig {
    requireNonNull(by, "by");
    requireNonNull(forLabel, "forLabel");
  }

  /** Both labels random per request: Linkerd's default. */
  public static ForwardedConfig defaults() {
    return new ForwardedConfig(Labeler.REQUEST_RANDOM, Labeler.REQUEST_RANDOM);
  }

  static ForwardedConfig parse(ConfigNode node, String routerLabel) {
    node.requireOnlyKeys(Set.of("by", "for"));
    return new ForwardedConfig(
        node.get("by").map(n -> labeler(n, routerLabel)).orElse(Labeler.REQUEST_RANDOM),
        node.get("for").map(n -> labeler(n, routerLabel)).orElse(Labeler.REQUEST_RANDOM));
  }

  private static Labeler labeler(ConfigNode node, String routerLabel) {
    ConfigNode kindNode = node.required("kind");
    String kind = kindNode.asString();
    if (!KINDS.contains(kind)) {
      throw kindNode.error("unknown labeler kind '" + kind + "' (expected one of: "
          + String.join(", ", KINDS) + ")");
    }
    if (!kind.equals("static")) {
      node.requireOnlyKeys(Set.of("kind"));
      return new Labeler(kind, kind.equals("router") ? obfuscated(routerLabel) : "");
    }
    node.requireOnlyKeys(Set.of("kind", "label"));
    ConfigNode labelNode = node.required("label");
    String label = labelNode.asString();
    if (!label.matches("_?[A-Za-z0-9._-]+")) {
      throw labelNode.error("'" + label + "' is not an obfuscated identifier (expected letters,"
          + " digits, '.', '_' and '-', RFC 7239 section 6.3)");
    }
    return new Labeler(kind, obfuscated(label));
  }

  private static String obfuscated(String label) {
    String clean = label.replaceAll("[^A-Za-z0-9._-]", "-");
    return clean.startsWith("_") ? clean : "_" + clean;
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("by", by.toPlain());
    out.put("for", forLabel.toPlain());
    return out;
  }
}
