package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** config is the bottom layer: it never imports naming, namers, router or Vert.x. */
class ConfigImportsTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "^\\s*import\\s+(static\\s+)?(io\\.hoplink\\.(naming|namers|router)|io\\.vertx)\\b.*$", Pattern.MULTILINE);

  @Test
  void configSourcesImportNothingFromTheLayersAbove() throws IOException {
    Path root = Path.of(System.getProperty("hoplink.basedir", "."), "config/src/main/java");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() > 10, "expected the config sources under " + root.toAbsolutePath());

    List<String> offending = sources.stream().flatMap(file -> {
      try {
        return FORBIDDEN.matcher(Files.readString(file)).results().map(m -> file.getFileName() + ": " + m.group().strip());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();

    assertEquals(List.of(), offending);
  }

  @Test
  void theScanWouldSeeAForbiddenImport() {
    assertTrue(FORBIDDEN.matcher("package x;\nimport io.hoplink.naming.Path;\n").find());
    assertTrue(FORBIDDEN.matcher("import static io.hoplink.router.Main.main;").find());
    assertTrue(!FORBIDDEN.matcher("import io.hoplink.config.ConfigNode;").find());
  }
}
