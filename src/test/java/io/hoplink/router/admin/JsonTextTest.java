package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static String quoted(CharSequence s) {
    StringBuilder out = new StringBuilder("x");
    JsonText.string(s, out);
    return out.toString();
  }

  @Test
  void aPlainStringIsQuotedAsItIs() {
    assertEquals("x\"rt/outgoing/client/#/io.l5d.fs/t3-app17/requests\"",
        quoted("rt/outgoing/client/#/io.l5d.fs/t3-app17/requests"));
    assertEquals("x\"\"", quoted(""));
    assertEquals("x\"caf\u00e9 \u2603\"", quoted(new StringBuilder("caf\u00e9 \u2603")));
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscapedWhereverTheyAre() {
    assertEquals("x\"a\\\"b\\\\c\"", quoted("a\"b\\c"));
    assertEquals("x\"\\nstart\"", quoted("\nstart"));
    assertEquals("x\"end\\t\"", quoted("end\t"));
    assertEquals("x\"a\\r\\u0001b\"", quoted("a\r\u0001b"));
  }
}
