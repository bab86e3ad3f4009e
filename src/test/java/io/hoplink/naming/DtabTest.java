package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtabTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "/svc=>/#/io.l5d.fs",
      "/a/*/b=>/x | /y",
      "/w=>0.70*/a & 0.30*/b", // Linkerd prints weights with two decimals
      "/n=>~;/f=>!;/e=>$",
      "/svc=>/$/inet/127.1/8080;/host/world=>/srv/world-v1",
      "/a=>(/b | /c) & 2.00*/d | ~",
      "/a=>0.50*/b",
      "/=>/x",
      "/odd\\x2a\\x3bseg=>/with\\x20space",
  })
  void showRoundTripsThroughRead(String text) {
    Dtab dtab = Dtab.read(text);
    assertEquals(dtab, Dtab.read(dtab.show()));
    assertEquals(text, dtab.show());
  }

  @Test
  void readsWhitespaceNewlinesCommentsAndTrailingSemicolon() {
    Dtab dtab = Dtab.read("""
        # routes
        /svc   =>  /#/io.l5d.fs ;
        /a/*/b => /x | /y;   # fallback
        /w => 0.7 * /a & 0.3 * /b;
        /n => ~; /f => !; /e => $;
        """);
    assertEquals("/svc=>/#/io.l5d.fs;/a/*/b=>/x | /y;/w=>0.70*/a & 0.30*/b;/n=>~;/f=>!;/e=>$",
        dtab.show());
    assertEquals(6, dtab.entries().size());
    Dentry weighted = dtab.entries().get(2);
    assertEquals(new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(0.7, NameTree.leaf(Path.read("/a"))),
        new NameTree.Weighted<>(0.3, NameTree.leaf(Path.read("/b"))))), weighted.dst());
  }

  @Test
  void alternativesAndUnionsNestAsInFinagle() {
    NameTree<Path> tree = NameTree.read("/a & /b | /c | $");
    assertEquals(NameTree.alt(
        new NameTree.Union<>(List.of(new NameTree.Weighted<>(1, NameTree.leaf(Path.read("/a"))),
            new NameTree.Weighted<>(1, NameTree.leaf(Path.read("/b"))))),
        NameTree.leaf(Path.read("/c")), NameTree.empty()), tree);
  }

  @Test
  void emptyDtabs() {
    assertTrue(Dtab.read("").isEmpty());
    assertTrue(Dtab.read("  \n ").isEmpty());
    assertEquals(Dtab.empty(), Dtab.read(""));
    assertEquals("", Dtab.empty().show());
  }

  @Test
  void concatPutsTheOtherDtabsEntriesLast() {
    Dtab base = Dtab.read("/svc=>/#/io.l5d.fs");
    Dtab override = Dtab.read("/svc/hello=>/svc/world");
    Dtab both = base.concat(override);
    assertEquals("/svc=>/#/io.l5d.fs;/svc/hello=>/svc/world", both.show());
    assertEquals(base, base.concat(Dtab.empty()));
    assertEquals(override, Dtab.empty().concat(override));
  }

  @Test
  void wildcardMatchesExactlyOneSegment() {
    Dentry.Prefix prefix = Dentry.Prefix.read("/svc/*/v1");
    assertTrue(prefix.matches(Path.read("/svc/hello/v1")));
    assertTrue(prefix.matches(Path.read("/svc/hello/v1/more")));
    assertTrue(!prefix.matches(Path.read("/svc/hello/v2")));
    assertTrue(!prefix.matches(Path.read("/svc/hello")));
    assertTrue(!Dentry.Prefix.read("/svc/\\x2a").matches(Path.read("/svc/hello")));
  }

  @Test
  void lookupCombinesAllMatchesLatestFirst() {
    Dtab dtab = Dtab.read("/svc=>/a;/svc/x=>/b;/other=>/c");
    assertEquals(NameTree.alt(NameTree.leaf(Path.read("/b/rest")), NameTree.leaf(Path.read("/a/x/rest"))),
        dtab.lookup(Path.read("/svc/x/rest")));
    assertEquals(NameTree.neg(), dtab.lookup(Path.read("/nothing")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/svc /x|expected '=>' but found '/' at offset 5",
      "svc=>/x|expected a prefix starting with '/' but found 's' at offset 0",
      "/svc=>|expected a path, '(', '!', '~', '$' or a weight but found the end of input at offset 6",
      "/svc=>/x /y|expected ';' between dentries but found '/' at offset 9",
      "/svc=>(/x|expected ')' but found the end of input at offset 9",
      "/svc=>0.5 /x|expected '*' after a weight but found '/' at offset 10",
      "/svc=>/x;;/y=>/z|expected a prefix starting with '/' but found ';' at offset 9",
      "/a//b=>/x|expected a path segment or '*' but found '/' at offset 3",
      "/a=>/b\\xZZ|expected an escape like \\x2a but found '\\' at offset 6",
  })
  void badInputSaysWhatWasExpectedAndWhere(String row) {
    String[] parts = row.split("\\|", 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dtab.read(parts[0]));
    assertTrue(e.getMessage().startsWith(parts[1]), e.getMessage());
  }

  // An l5d-dtab header is client input: nesting is bounded, never a StackOverflowError.
  @org.junit.jupiter.api.Test
  void deeplyNestedParenthesesAreRefused() {
    DtabSyntaxException e = org.junit.jupiter.api.Assertions.assertThrows(
        DtabSyntaxException.class,
        () -> Dtab.read("/a=>" + "(".repeat(3000) + "/b" + ")".repeat(3000)));
    org.junit.jupiter.api.Assertions.assertTrue(e.problem().startsWith(
        "expected at most 64 nested '('"), e.problem());
    org.junit.jupiter.api.Assertions.assertEquals("/a=>/b",
        Dtab.read("/a=>" + "(".repeat(64) + "/b" + ")".repeat(64)).show());
  }
}
