package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.config.HoplinkConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtabLintTest {
  @TempDir
  Path disco;

  private List<String> warnings(String dtab) {
    return DtabLint.warnings(HoplinkConfig.load("""
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: http
          dtab: %s
          servers: [{port: 0}]
        """.formatted(disco, dtab), Main.plugins()));
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
}
