package io.hoplink.namers.fs;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.PluginConfig;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.Path;
import java.util.List;

/**
 * The parsed {@code io.l5d.fs} block.
 *
 * @param prefix the namer's prefix without {@code /#} (default {@code /io.l5d.fs})
 * @param rootDir an existing directory holding one file per service (absolute)
 * @param transformers applied to this namer's bound names
 */
public record FsNamerConfig(String kind, Path prefix, java.nio.file.Path rootDir,
    List<PluginConfig> transformers) implements NamerConfig {
  public FsNamerConfig {
    requireNonNull(kind, "kind");
    requireNonNull(prefix, "prefix");
    requireNonNull(rootDir, "rootDir");
    transformers = List.copyOf(transformers);
  }

  /** A block without transformers. */
  public FsNamerConfig(String kind, Path prefix, java.nio.file.Path rootDir) {
    this(kind, prefix, rootDir, List.of());
  }
}
