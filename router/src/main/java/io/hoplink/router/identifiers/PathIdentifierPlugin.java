package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.List;
import java.util.Set;

/**
 * Names a request by the first {@code segments} segments of its path: {@code GET /users/42}
 * gives {@code /svc/users}. With {@code consume: true} those segments are removed from the uri
 * that is forwarded.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.path
 *   segments: 1
 *   consume: false
 * </pre>
 */
public final class PathIdentifierPlugin implements IdentifierPlugin<PathIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.path";

  public record Config(String kind, int segments, boolean consume) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "segments", "consume"));
    return new Config(KIND, node.integer("segments", 1, 1), node.bool("consume", false));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    int count = config.segments();
    boolean consume = config.consume();
    return request -> {
      String path = request.path();
      List<String> parts = UriPaths.split(path);
      if (parts.size() < count) {
        return new Identification.Unidentified("not enough segments in path");
      }
      Path name = dstPrefix.concat(Path.of(parts.subList(0, count)));
      String uri = consume ? consumed(request.uri(), path, parts, count) : request.uri();
      return new Identification.Identified(name, uri);
    };
  }

  private static String consumed(String uri, String path, List<String> parts, int count) {
    String rest = String.join("/", parts.subList(count, parts.size()));
    String newPath = rest.isEmpty() ? "/" : "/" + rest + (path.endsWith("/") ? "/" : "");
    return newPath + uri.substring(path.length());
  }
}
