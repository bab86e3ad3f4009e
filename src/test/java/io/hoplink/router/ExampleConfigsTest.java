package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.HoplinkConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hoplink config shipped under examples/ (a YAML file with {@code routers:}) loads with
 * the real loader and builds with the real plugins: a broken example fails the build.
 */
class ExampleConfigsTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static List<Path> examples() throws IOException {
    Path base = Path.of(System.getProperty("hoplink.basedir", "."));
    try (Stream<Path> files = Files.walk(base.resolve("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(ExampleConfigsTest::isRouterConfig)
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleConfigLoadsAndBuilds(Path file) throws IOException {
    // Example paths are relative to the repository root, where the README runs them.
    String text = Files.readString(file).replace("rootDir: examples/",
        "rootDir: " + Path.of(System.getProperty("hoplink.basedir", ".")).toAbsolutePath()
            + "/examples/");
    HoplinkConfig config = HoplinkConfig.load(text, Main.plugins());
    assertFalse(config.routers().isEmpty());
    assertTrue(config.warnings().isEmpty(), file + " warns: " + config.warnings());
    Hoplink.build(config, Main.plugins(), vertx).drain();
  }

  @org.junit.jupiter.api.Test
  void thereAreExamplesToCheck() throws IOException {
    assertFalse(examples().isEmpty());
  }

  private static boolean isRouterConfig(Path file) {
    try {
      return Files.readString(file).lines().anyMatch(line -> line.startsWith("routers:"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
