package io.hoplink.namers.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import java.nio.file.Files;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsNamerPluginTest {
  @TempDir
  java.nio.file.Path dir;

  private final PluginRegistry<NamerPlugin<?>> registry =
      PluginRegistry.of("namer", new FsNamerPlugin());

  @Test
  @SuppressWarnings("rawtypes") // the service type is the raw interface
  void serviceLoaderFindsIt() {
    List<String> found = ServiceLoader.load(NamerPlugin.class).stream()
        .map(p -> p.type().getName()).toList();
    assertTrue(found.contains(FsNamerPlugin.class.getName()), found.toString());
    @SuppressWarnings({"rawtypes", "unchecked"})
    PluginRegistry<?> loaded = PluginRegistry.load("namer", (Class) NamerPlugin.class);
    assertTrue(loaded.kinds().contains(FsNamerPlugin.KIND));
  }

  @Test
  void configParsesWithLinkerdKeysAndDefaults() {
    ConfigNode node = namer("kind: io.l5d.fs\n  rootDir: " + dir);
    FsNamerConfig config = (FsNamerConfig) registry.parse(node);
    assertEquals(new FsNamerConfig("io.l5d.fs", Path.read("/io.l5d.fs"), dir.toAbsolutePath()), config);
    assertEquals(Path.read("/#/io.l5d.fs"), config.dtabPrefix());
    assertEquals(List.of(), node.warnings());

    ConfigNode custom = namer("kind: io.l5d.fs\n  rootDir: " + dir
        + "\n  prefix: /disco\n  experimental: false\n  transformers: []");
    FsNamerConfig withPrefix = (FsNamerConfig) registry.parse(custom);
    assertEquals(Path.read("/#/disco"), withPrefix.dtabPrefix());
    assertEquals(List.of(), custom.warnings());
  }

  @Test
  void transformersAreParsedByTheirPlugins() {
    ConfigNode node = namer("kind: io.l5d.fs\n  rootDir: " + dir
        + "\n  transformers:\n  - kind: io.l5d.port\n    port: 4141");
    FsNamerConfig config = (FsNamerConfig) registry.parse(node);
    assertEquals(List.of(new io.hoplink.transformers.PortTransformerPlugin.Config("io.l5d.port",
        Path.read("/io.l5d.port/4141"), 4141)), config.transformers());

    ConfigNode unknown = namer("kind: io.l5d.fs\n  rootDir: " + dir
        + "\n  transformers:\n  - kind: io.l5d.nope");
    ConfigException e = assertThrows(ConfigException.class, () -> registry.parse(unknown));
    assertTrue(e.getMessage().startsWith("namers[0].transformers[0].kind (io.l5d.fs): unknown transformer "
        + "kind 'io.l5d.nope'"), e.getMessage());
  }

  @Test
  void missingRootDirIsRejectedWithThePath() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.fs\n  prefix: /disco")));
    assertEquals("namers[0]", e.path());
    assertEquals("namers[0] (io.l5d.fs): missing required key 'rootDir' at 2:3", e.getMessage());
  }

  @Test
  void rootDirThatIsNotADirectoryIsRejected() throws Exception {
    java.nio.file.Path file = Files.writeString(dir.resolve("hello"), "10.0.0.1 80\n");
    ConfigException notDir = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.fs\n  rootDir: " + file)));
    assertEquals("namers[0].rootDir", notDir.path());
    assertTrue(notDir.getMessage().contains("is not a directory"), notDir.getMessage());

    ConfigException missing = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.fs\n  rootDir: " + dir.resolve("nope"))));
    assertTrue(missing.getMessage().startsWith("namers[0].rootDir (io.l5d.fs): '"), missing.getMessage());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void unknownKeyAndBadPrefixAreRejected() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.fs\n  rootdir: " + dir)));
    assertEquals("namers[0].rootdir", unknown.path());
    assertTrue(unknown.getMessage().contains("unknown key 'rootdir' (expected one of: "
        + "experimental, kind, prefix, rootDir, transformers)"), unknown.getMessage());

    ConfigException prefix = assertThrows(ConfigException.class,
        () -> registry.parse(namer("kind: io.l5d.fs\n  rootDir: " + dir + "\n  prefix: disco")));
    assertEquals("namers[0].prefix", prefix.path());
  }

  private static ConfigNode namer(String block) {
    return YamlLoader.load("namers:\n- " + block + "\n").required("namers").elements().get(0);
  }
}
