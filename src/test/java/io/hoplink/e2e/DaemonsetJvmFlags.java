package io.hoplink.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JAVA_TOOL_OPTIONS that daemonset/l5d.yaml gives the router, for the packaged jar here: the
 * image's AppCDS archive ({@value #IMAGE_ARCHIVE}) becomes the one the build made beside the jar,
 * so the router maps its archive as it does in the pod.
 */
public final class DaemonsetJvmFlags {
  /** Where the image keeps its archive (the Dockerfile's training run writes it). */
  public static final String IMAGE_ARCHIVE = "/opt/hoplink/hoplink.jsa";

  private DaemonsetJvmFlags() {}

  public static List<String> read() throws IOException {
    String archive = HoplinkProcess.jar().toAbsolutePath().resolveSibling("hoplink.jsa").toString();
    return Arrays.stream(manifestValue().split("\\s+"))
        .map(flag -> flag.replace(IMAGE_ARCHIVE, archive))
        .toList();
  }

  /** The value as written in the manifest. */
  public static String manifestValue() throws IOException {
    Path manifest = HoplinkProcess.basedir().resolve("daemonset/l5d.yaml");
    List<String> lines = Files.readAllLines(manifest);
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).trim().equals("- name: JAVA_TOOL_OPTIONS")) {
        String value = lines.get(i + 1).trim();
        if (!value.startsWith("value: ")) {
          break;
        }
        return value.substring("value: ".length()).replace("\"", "").trim();
      }
    }
    throw new AssertionError("no JAVA_TOOL_OPTIONS value in " + manifest);
  }
}
