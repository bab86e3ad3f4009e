package io.hoplink.namers.rewrite;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PathPattern;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.transformers.Transformers;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linkerd's {@code io.l5d.rewrite}: a path whose start matches {@code pattern} is rewritten to
 * {@code name} with the captured variables filled in, and bound again through the dtab; the
 * rest of the path after the pattern is dropped and a path that does not match is negative, as
 * in Linkerd. {@code prefix} is required.
 *
 * <pre>
 * namers:
 * - kind: io.l5d.rewrite
 *   prefix: /rewrite
 *   pattern: "/{service}/api"
 *   name: "/srv/{service}"
 * </pre>
 *
 * Here {@code /#/rewrite/users/api/v1} becomes {@code /srv/users}.
 */
public final class RewriteNamerPlugin implements NamerPlugin<RewriteNamerConfig> {
  public static final String KIND = "io.l5d.rewrite";
  private static final Pattern VAR = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public RewriteNamerConfig parse(ConfigNode node) {
    Set<String> keys = new HashSet<>(NamerConfig.COMMON_KEYS);
    keys.addAll(Set.of("pattern", "name"));
    node.requireOnlyKeys(keys);
    if (!node.has("prefix")) {
      throw node.error("missing required key 'prefix' (io.l5d.rewrite has no default prefix)");
    }
    Path prefix = NamerConfig.parseCommon(node, KIND);
    ConfigNode patternNode = node.required("pattern");
    String pattern = patternNode.asString();
    try {
      PathPattern.parse(pattern);
    } catch (IllegalArgumentException e) {
      throw patternNode.error(e.getMessage());
    }
    ConfigNode nameNode = node.required("name");
    String name = nameNode.asString();
    Set<String> captured = vars(pattern);
    for (String var : vars(name)) {
      if (!captured.contains(var)) {
        throw nameNode.error("'{" + var + "}' is not captured by the pattern '" + pattern + "'");
      }
    }
    try {
      Path.read(VAR.matcher(name).replaceAll("x"));
    } catch (IllegalArgumentException e) {
      throw nameNode.error("'" + name + "' is not a path: " + e.getMessage());
    }
    return new RewriteNamerConfig(KIND, prefix, pattern, name,
        Transformers.parseNamerTransformers(node));
  }

  private static Set<String> vars(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = VAR.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Override
  public Namer newNamer(RewriteNamerConfig config, NamerContext ctx) {
    PathPattern pattern = PathPattern.parse(config.pattern());
    return path -> {
      Map<String, String> vars = pattern.match(path.segments()).orElse(null);
      if (vars == null) {
        return Activity.value(NameTree.neg());
      }
      try {
        return Activity.value(NameTree.leaf(Name.path(Path.read(
            PathPattern.substitute(config.name(), vars)))));
      } catch (IllegalArgumentException e) {
        return Activity.value(NameTree.neg());
      }
    };
  }
}
