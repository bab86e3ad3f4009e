package io.hoplink.router.identifiers;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.Set;

/**
 * Names every request the same: {@code path: /hello} gives {@code /svc/hello}.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.static
 *   path: /hello
 * </pre>
 */
public final class StaticIdentifierPlugin
    implements IdentifierPlugin<StaticIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.static";

  public record Config(String kind, Path path) implements PluginConfig {
    public Config {
      requireNonNull(path, "path");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "path"));
    ConfigNode path = node.required("path");
    try {
      return new Config(KIND, Path.read(path.asString()));
    } catch (IllegalArgumentException e) {
      throw path.error(e.getMessage());
    }
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    Path name = dstPrefix.concat(config.path());
    return request -> new Identification.Identified(name, request.uri());
  }
}
