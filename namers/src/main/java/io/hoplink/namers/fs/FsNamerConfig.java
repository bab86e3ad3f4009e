package io.hoplink.namers.fs;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.Path;

/**
 * The parsed {@code io.l5d.fs} block.
 *
 * @param prefix the namer's prefix without {@code /#} (default {@code /io.l5d.fs})
 * @param rootDir an existing directory holding one file per service (absolute)
 */
public record FsNamerConfig(String kind, Path prefix, java.nio.file.Path rootDir)
    implements NamerConfig {
  public FsNamerConfig {
    requireNonNull(kind, "kind");
    requireNonNull(prefix, "prefix");
    requireNonNull(rootDir, "rootDir");
  }
}
