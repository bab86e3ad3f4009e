package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Path.read as Finagle's: surrounding white space is no part of the path. */
class PathReadTest {
  @Test
  void surroundingWhiteSpaceIsIgnored() {
    assertEquals(Path.of("svc", "hello"), Path.read("  /svc/hello \t"));
    assertEquals(Path.empty(), Path.read(" / "));
  }

  @Test
  void whiteSpaceInsideIsStillRefused() {
    assertThrows(IllegalArgumentException.class, () -> Path.read("/svc/ hello"));
    assertThrows(IllegalArgumentException.class, () -> Path.read("   "));
  }
}
