package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.List;
import java.util.Set;

/**
 * Names an h2 request by the first {@code segments} segments of a path read from a header,
 * {@code :path} by default: gRPC's {@code /pkg.Service/Method} gives {@code /svc/pkg.Service}
 * with {@code segments: 1} and {@code /svc/pkg.Service/Method} with {@code segments: 2}. A
 * query string is not part of the name; a path with fewer segments is not identified.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.header.path
 *   header: ":path"
 *   segments: 1
 * </pre>
 */
public final class HeaderPathIdentifierPlugin
    implements IdentifierPlugin<HeaderPathIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.header.path";
  private static final String PATH = ":path";

  public record Config(String kind, String header, int segments) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "header", "segments"));
    return new Config(KIND, HeaderNames.check(node, "header", PATH), node.integer("segments", 1, 1));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    String header = config.header();
    int count = config.segments();
    boolean pseudoPath = header.equalsIgnoreCase(PATH);
    return request -> {
      String value = pseudoPath ? request.path() : request.headers().get(header);
      if (value == null || value.isEmpty()) {
        return new Identification.Unidentified(header + " header is absent");
      }
      int query = value.indexOf('?');
      List<String> parts = UriPaths.split(query < 0 ? value : value.substring(0, query));
      if (parts.size() < count) {
        return new Identification.Unidentified(header + " has fewer than " + count + " segments");
      }
      return new Identification.Identified(dstPrefix.concat(Path.of(parts.subList(0, count))),
          request.uri());
    };
  }
}
