package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.HoplinkConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which configured namer serves a path both prefixes match: the one listed last, as Linkerd's
 * Linker asks its namers in reverse config order (NamerInitializersTest "namers evaluated
 * bottom-up").
 */
class NamerOrderTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close();
  }

  private String boundId(String firstPrefix, Path firstDir, String secondPrefix, Path secondDir)
      throws Exception {
    HoplinkConfig config = HoplinkConfig.load("""
        namers:
        - {kind: io.l5d.fs, prefix: %s, rootDir: %s}
        - {kind: io.l5d.fs, prefix: %s, rootDir: %s}
        routers:
        - protocol: http
          label: out
          dtab: /svc => /#/boo;
          servers: [{port: 0}]
        """.formatted(firstPrefix, firstDir, secondPrefix, secondDir), Main.plugins());
    Hoplink hoplink = Hoplink.build(config, Main.plugins(), vertx);
    try {
      return io.vertx.core.json.Json.encode(hoplink.delegate("out", "/svc/urns/x", null));
    } finally {
      hoplink.drain();
    }
  }

  @Test
  void theNamerListedLastIsAskedFirst() throws Exception {
    Path boo = Files.createDirectories(dir.resolve("boo"));
    Path booUrns = Files.createDirectories(dir.resolve("boo-urns"));
    Files.writeString(boo.resolve("urns"), "10.0.0.1 80\n");
    Files.writeString(booUrns.resolve("x"), "10.0.0.2 80\n");
    // /#/boo/urns/x: /boo/urns would bind its service x, /boo its service urns.
    String lastIsBoo = boundId("/boo/urns", booUrns, "/boo", boo);
    assertTrue(lastIsBoo.contains("10.0.0.1") && !lastIsBoo.contains("10.0.0.2"),
        "/boo, listed last, binds it as its service urns: " + lastIsBoo);
    String lastIsBooUrns = boundId("/boo", boo, "/boo/urns", booUrns);
    assertTrue(lastIsBooUrns.contains("10.0.0.2") && !lastIsBooUrns.contains("10.0.0.1"),
        "/boo/urns, listed last, binds it as its service x: " + lastIsBooUrns);
  }
}
