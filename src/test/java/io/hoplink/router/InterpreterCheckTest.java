package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreters as {@code hoplink check} (and a start) builds them: an {@code io.l5d.fs}
 * dtab file must parse now and says where it does not; an {@code io.l5d.k8s.configMap} one is
 * read only once the router runs, so a check never reaches for the API.
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

  @Test
  void aConfigMapInterpreterChecksWithoutReachingTheApi() {
    ConfigCheck.Outcome outcome = check("{kind: io.l5d.k8s.configMap, host: 192.0.2.1, port: 9,"
        + " name: l5d-dtabs, filename: outgoing.dtab}");
    assertNull(outcome.error());
    assertEquals(List.of(), outcome.warnings());
    assertEquals(Map.of("kind", "io.l5d.k8s.configMap", "host", "192.0.2.1", "port", 9,
        "namespace", "default", "name", "l5d-dtabs", "filename", "outgoing.dtab",
        "transformers", List.of()), outcome.config().routers().get(0).interpreter().toPlain());
  }
}
