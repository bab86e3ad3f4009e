package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtabLintTest {
  @TempDir
  Path disco;

  private static io.vertx.core.Vertx vertx;

  @org.junit.jupiter.api.BeforeAll
  static void startVertx() {
    vertx = io.vertx.core.Vertx.vertx();
  }

  @org.junit.jupiter.api.AfterAll
  static void stopVertx() {
    vertx.close();
  }

  private List<String> warnings(String dtab) {
    return DtabLint.warnings(load(dtab));
  }

  private HoplinkConfig load(String dtab) {
    return HoplinkConfig.load("""
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: http
          dtab: %s
          servers: [{port: 0}]
        """.formatted(disco, dtab), Main.plugins());
  }

  @Test
  void aPrefixNoNamerServesIsNamedWithItsDentryAndPosition() {
    assertEquals(List.of("routers[0].dtab: dentry '/svc=>/#/io.l5d.k8s/default | /#/io.l5d.fs' names "
        + "/#/io.l5d.k8s, which no namer serves (namers: /#/io.l5d.fs): that branch binds to "
        + "nothing (~) at 6:9"), warnings("/svc => /#/io.l5d.k8s/default | /#/io.l5d.fs;"));
  }

  @Test
  void anUnknownSystemNamerIsNamed() {
    assertEquals(List.of("routers[0].dtab: dentry '/svc=>/$/io.buoyant.nope/x' names "
        + "/$/io.buoyant.nope, an unknown system namer: binding it fails at 6:9"),
        warnings("/svc => /$/io.buoyant.nope/x;"));
  }

  @Test
  void whatNamersAndSystemNamersServeIsQuiet() {
    assertEquals(List.of(), warnings("/svc => /#/io.l5d.fs; /h => /$/inet/127.1/80;"
        + " /p => /$/io.buoyant.http.anyMethodPfx/svc; /x => /#;"));
  }

  @Test
  void eachWarningPointsAtItsOwnDentryInABlockDtab() {
    assertEquals(List.of(
        "routers[0].dtab: dentry '/a=>/#/nope/x' names /#/nope, which no namer serves (namers:"
            + " /#/io.l5d.fs): that branch binds to nothing (~) at 8:5",
        "routers[0].dtab: dentry '/b=>/$/io.buoyant.nope' names /$/io.buoyant.nope, an unknown"
            + " system namer: binding it fails at 11:7"),
        warnings("|\n    /svc => /#/io.l5d.fs;\n    /a => /#/nope/x;\n    /c => /#/io.l5d.fs;"
            + "\n    /d => /#/io.l5d.fs;   /b => /$/io.buoyant.nope;"
            .replace("    /d => /#/io.l5d.fs;   ", "    /d => /#/io.l5d.fs;\n      ")));
  }

  @Test
  void aDtabThatDoesNotParseIsRefusedAtItsDentryQuotedOnOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Hoplink.build(load("|\n    /svc => /#/io.l5d.fs;\n    /foo => /bar\n      =>;"),
            Main.plugins(), vertx));
    assertEquals("routers[0].dtab: bad dtab: expected ';' between dentries but found '=' in"
        + " dentry '/foo => /bar =>' at 8:5", e.getMessage());

    ConfigException quoted = assertThrows(ConfigException.class,
        () -> Hoplink.build(load("\"/svc => /#/io.l5d.fs;\\n /x => &\""), Main.plugins(), vertx));
    assertEquals("routers[0].dtab: bad dtab: expected a path, '(', '!', '~', '$' or a weight but"
        + " found '&' in dentry '/x => &' at 6:34", quoted.getMessage());
  }
}
