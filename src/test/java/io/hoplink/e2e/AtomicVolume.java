package io.hoplink.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A directory laid out as kubelet's atomic writer lays out a mounted Secret or ConfigMap, and as
 * cert-manager's csi-driver (its csi-lib keeps a copy of that writer) lays out its volumes: the
 * files in a timestamped directory, {@code ..data} a link to it, each file a link through
 * {@code ..data}. An update writes a new timestamped directory (files mode 0440), points a new
 * link at it and renames that over {@code ..data} in one step, then removes the old directory.
 */
final class AtomicVolume {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

  private final Path dir;
  private int updates;

  private AtomicVolume(Path dir) {
    this.dir = dir;
  }

  /** A volume at {@code dir} holding {@code files} (name to content). */
  static AtomicVolume create(Path dir, Map<String, String> files) throws IOException {
    AtomicVolume volume = new AtomicVolume(Files.createDirectories(dir));
    volume.write(files);
    return volume;
  }

  Path dir() {
    return dir;
  }

  /** Replaces every file at once with {@code files}: a reader sees the old set or the new. */
  void write(Map<String, String> files) throws IOException {
    Path data = dir.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    Path stamped = Files.createDirectory(dir.resolve(".." + LocalDateTime.now().format(STAMP)
        + "." + ++updates));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.setPosixFilePermissions(Files.writeString(stamped.resolve(file.getKey()),
          file.getValue()), PosixFilePermissions.fromString("r--r-----"));
    }
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), stamped.getFileName());
    Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String name : files.keySet()) {
      if (!Files.isSymbolicLink(dir.resolve(name))) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    }
    if (old != null) {
      try (var stale = Files.newDirectoryStream(old)) {
        for (Path file : stale) {
          Files.delete(file);
        }
      }
      Files.delete(old);
    }
  }
}
