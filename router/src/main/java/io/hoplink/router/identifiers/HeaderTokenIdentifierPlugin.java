package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.Set;

/**
 * Names a request by one header's value taken as a single segment: {@code Host: hello} gives
 * {@code /svc/hello}. The default identifier.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.header.token
 *   header: Host
 * </pre>
 */
public final class HeaderTokenIdentifierPlugin
    implements IdentifierPlugin<HeaderTokenIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.header.token";

  public record Config(String kind, String header) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "header"));
    return new Config(KIND, HeaderNames.check(node, "header", "Host"));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    String header = config.header();
    return request -> {
      String value = request.headers().get(header);
      if (value == null || value.isEmpty()) {
        return new Identification.Unidentified(header + " header is absent");
      }
      return new Identification.Identified(dstPrefix.append(value), request.uri());
    };
  }
}
