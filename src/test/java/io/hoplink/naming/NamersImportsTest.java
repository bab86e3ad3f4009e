package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** namers sits between config and router: it never imports the router, nor Vert.x. */
class NamersImportsTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "^\\s*import\\s+(static\\s+)?(io\\.hoplink\\.router|io\\.vertx)\\b.*$", Pattern.MULTILINE);

  @Test
  void namersSourcesImportNeitherTheRouterNorVertx() throws IOException {
    Path root = Path.of(System.getProperty("hoplink.basedir", "."), "namers/src/main/java");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() > 10, "expected the namers sources under " + root.toAbsolutePath());
    List<String> offending = sources.stream().flatMap(file -> {
      try {
        return FORBIDDEN.matcher(Files.readString(file)).results()
            .map(m -> file.getFileName() + ": " + m.group().strip());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertEquals(List.of(), offending);
  }

  @Test
  void theScanWouldSeeAForbiddenImport() {
    assertTrue(FORBIDDEN.matcher("import io.vertx.core.Future;").find());
    assertTrue(FORBIDDEN.matcher("import io.hoplink.router.Main;").find());
    assertTrue(!FORBIDDEN.matcher("import io.hoplink.config.ConfigNode;").find());
  }
}
