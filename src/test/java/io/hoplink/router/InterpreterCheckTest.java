package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreters as {@code hoplink check} (and a start) builds them: an {@code io.l5d.fs}
 * dtab file must parse now and says where it does not.
 */
class InterpreterCheckTest {
  @TempDir Path dir;

  private static ConfigCheck.Outcome check(String interpreter) {
    return ConfigCheck.check("""
        routers:
        - protocol: http
          interpreter: %s
          servers: [{port: 0}]
        """.formatted(interpreter), Main.plugins(), Map.of());
  }

  @Test
  void aDtabFileThatDoesNotParseStopsTheStartAtItsLineAndColumn() throws Exception {
    Path file = Files.writeString(dir.resolve("router.dtab"), "/svc => /a;\n/host => ;\n");
    ConfigCheck.Outcome outcome = check("{kind: io.l5d.fs, dtabFile: " + file + "}");
    assertTrue(outcome.error() != null && outcome.error().startsWith("router"
        + " 'http': interpreter io.l5d.fs: the dtab of " + file + " does not parse (expected "),
        String.valueOf(outcome.error()));
    assertTrue(outcome.error().endsWith(" at 2:10)"), outcome.error());
  }
}
