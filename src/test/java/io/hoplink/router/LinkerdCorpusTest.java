package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Linkerd project's own configs (src/test/resources/linkerd-corpus, origin and licence in
 * its README) checked as {@code hoplink check} checks them, away from any pod: each file's
 * outcome is the one {@code expected.tsv} lists, either {@code ok} with its number of warnings or
 * {@code refused} with the text its one-line reason contains.
 */
class LinkerdCorpusTest {
  private static final Path CORPUS = Path.of(System.getProperty("hoplink.basedir", "."))
      .resolve("src/test/resources/linkerd-corpus").toAbsolutePath();

  record Expected(String outcome, String detail) {}

  static Map<String, Expected> expected() {
    Map<String, Expected> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(CORPUS.resolve("expected.tsv"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        out.put(cells[0], new Expected(cells[1], cells[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> configs() throws IOException {
    try (Stream<Path> files = Files.walk(CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .map(p -> CORPUS.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void checkGivesTheListedOutcome(String file) throws IOException {
    // Linkerd's examples name their fs directory relative to its repository's root.
    String text = Files.readString(CORPUS.resolve(file)).replace("rootDir: linkerd/examples/",
        "rootDir: " + CORPUS.resolve("linkerd-1.7.5/examples") + "/")
        .replace("dtabFile: linkerd/examples/",
            "dtabFile: " + CORPUS.resolve("linkerd-1.7.5/examples") + "/");
    ConfigCheck.Outcome outcome = ConfigCheck.check(text, Main.plugins(), Map.of());
    String actual = outcome.ok()
        ? "ok\t" + outcome.warnings().size()
        : "refused\t" + outcome.error();
    Expected expected = expected().get(file);
    String row = file + "\t" + actual;
    if (expected == null) {
      throw new AssertionError("not in expected.tsv: " + row);
    }
    if (expected.outcome().equals("ok")) {
      assertEquals(expected.outcome() + "\t" + expected.detail(), actual,
          file + ": " + outcome.warnings());
    } else {
      assertEquals("refused", expected.outcome(), row);
      if (!actual.startsWith("refused\t") || !outcome.error().contains(expected.detail())) {
        throw new AssertionError("expected a refusal containing '" + expected.detail()
            + "', got: " + row);
      }
      assertFalse(outcome.error().contains("\n"), "one line: " + outcome.error());
    }
  }

  @Test
  void everyListedFileIsInTheCorpus() throws IOException {
    List<String> present = configs();
    for (String listed : expected().keySet()) {
      if (!present.contains(listed)) {
        throw new AssertionError("expected.tsv lists a file the corpus lacks: " + listed);
      }
    }
    assertEquals(present.size(), expected().size());
  }
}
