package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.naming.Path;
import java.util.Set;

/**
 * Names a request {@code /svc/1.1/<METHOD>/<host>}, with the uri's path segments appended when
 * {@code httpUriInDst} is true. HTTP/1.0 requests need no host: {@code /svc/1.0/<METHOD>}.
 *
 * <pre>
 * identifier:
 *   kind: io.l5d.methodAndHost
 *   httpUriInDst: true
 * </pre>
 */
public final class MethodAndHostIdentifierPlugin
    implements IdentifierPlugin<MethodAndHostIdentifierPlugin.Config> {
  public static final String KIND = "io.l5d.methodAndHost";

  public record Config(String kind, boolean httpUriInDst) implements PluginConfig {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "httpUriInDst"));
    return new Config(KIND, node.bool("httpUriInDst", false));
  }

  @Override
  public Identifier newIdentifier(Config config, Path dstPrefix) {
    boolean withUri = config.httpUriInDst();
    return request -> {
      Path name;
      if (request.version().equals("1.0")) {
        name = dstPrefix.append("1.0").append(request.method());
      } else {
        String host = request.headers().get("Host");
        if (host == null || host.isEmpty()) {
          return new Identification.Unidentified("HTTP/1.1 request missing hostname");
        }
        name = dstPrefix.append("1.1").append(request.method()).append(host);
      }
      if (withUri) {
        name = name.concat(UriPaths.segments(request.path()));
      }
      return new Identification.Identified(name, request.uri());
    };
  }
}
