package io.hoplink.namers.fs;

import io.hoplink.config.ConfigNode;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.util.HashSet;
import java.util.Set;

/**
 * File-based service discovery, Linkerd's {@code io.l5d.fs}: one file per service under
 * {@code rootDir}, one endpoint per line ({@code host port}, optionally {@code * weight});
 * blank lines and {@code #} comments are allowed. Changes are picked up within a second,
 * including a Kubernetes ConfigMap volume's symlink swap. A file that is empty, partly written or
 * invalid keeps the last good endpoints (and logs the file, line and problem); a deleted file
 * makes the name bind to nothing.
 *
 * <pre>
 * namers:
 * - kind: io.l5d.fs
 *   rootDir: disco          # required: an existing directory
 *   prefix: /io.l5d.fs      # the default; dtabs use /#/io.l5d.fs
 * routers:
 * - protocol: http
 *   dtab: /svc => /#/io.l5d.fs;
 * </pre>
 *
 * With {@code disco/hello} holding {@code 10.0.0.1 8080} and {@code 10.0.0.2 8080 * 2.0},
 * {@code /svc/hello} binds to {@code /#/io.l5d.fs/hello} with those two endpoints.
 */
public final class FsNamerPlugin implements NamerPlugin<FsNamerConfig> {
  public static final String KIND = "io.l5d.fs";
  private static final Set<String> KEYS = keys();

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public FsNamerConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    Path prefix = NamerConfig.parseCommon(node, KIND);
    ConfigNode dirNode = node.required("rootDir");
    String text = dirNode.asString();
    java.nio.file.Path dir;
    try {
      dir = java.nio.file.Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw dirNode.error("'" + text + "' is not a file system path: " + e.getReason());
    }
    dirNode.requireFromPod(Files.exists(dir),
        "'" + text + "' does not exist (expected: a directory with one file per service)");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw dirNode.error("'" + text + "' is not a directory (expected: a directory with one file per service)");
    }
    return new FsNamerConfig(KIND, prefix, dir,
        io.hoplink.transformers.Transformers.parseNamerTransformers(node));
  }

  @Override
  public Namer newNamer(FsNamerConfig config, NamerContext ctx) {
    return new FsNamer(config, ctx);
  }

  private static Set<String> keys() {
    Set<String> keys = new HashSet<>(NamerConfig.COMMON_KEYS);
    keys.add("rootDir");
    return Set.copyOf(keys);
  }
}
