package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.Set;

/**
 * Names a request by a header whose value is a whole path: {@code l5d-name: /hello/v2} gives
 * {@code /svc/hello/v2}.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.header
 *   header: l5d-name
 * </pre>
 */
public final class HeaderIdentifierPlugin
    implements IdentifierPlugin<HeaderIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.header";

  public record Config(String kind, String header) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "header"));
    return new Config(KIND, HeaderNames.check(node, "header", "l5d-name"));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    String header = config.header();
    return request -> {
      String value = request.headers().get(header);
      if (value == null) {
        return new Identification.Unidentified(header + " header is absent");
      }
      try {
        return new Identification.Identified(dstPrefix.concat(Path.read(value)), request.uri());
      } catch (IllegalArgumentException e) {
        return new Identification.Unidentified(header + " header is not a path: " + e.getMessage());
      }
    };
  }
}
