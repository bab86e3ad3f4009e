package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finagle's own naming test cases, from finagle-core/src/test/scala/com/twitter/finagle/ at tag
 * finagle-21.4.0 (the Finagle that Linkerd 1.7.5 builds on), run against hoplink. Each case names
 * the Finagle suite and test it comes from. Finagle's {@code Namer.global} is hoplink's namer
 * table with no configured namers (the {@code /$/} namers); Finagle's {@code Dtab.base ++
 * Dtab.local} is {@link Dtab#concat}. Cases where hoplink differs from Finagle are not asserted;
 * a comment marks where each would be.
 */
class FinagleConformanceTest {
  private static final Path TEST = Path.read("/test");

  // ---- Path ----

  // Finagle PathTest "Path.show"
  @Test
  void pathShow() {
    assertEquals("/foo/bar", Path.read("/foo/bar").show());
  }

  // Finagle NameTreeParsersTest "parsePath"
  @Test
  void parsePath() {
    assertEquals(Path.empty(), Path.read("/"));
    assertEquals(Path.of("foo", "bar"), Path.read("  /foo/bar  "));
    assertEquals(Path.of("foo"), Path.read("/\\x66\\x6f\\x6F"));
  }

  // Finagle NameTreeParsersTest "parsePath": the inputs it rejects, in Path.read and in a dtab
  @ParameterizedTest(name = "NameTreeParsersTest \"parsePath\" rejects \"{0}\"")
  @ValueSource(strings = {"", "/foo/bar/", "/{}", "/\\?", "/\\x?", "/\\x0?"})
  void parsePathRejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> Path.read(text));
    assertThrows(IllegalArgumentException.class, () -> NameTree.read(text));
  }

  // Not here: NameTreeParsersTest "error messages" (Finagle's message marks the place as
  // '/foo[^]bar' and '/foo/bar/[]'; hoplink's says it in words): hoplink differs, so not asserted.

  // ---- NameTree parsing ----

  static Stream<Arguments> parseNameTree() {
    return Stream.of(
        Arguments.of("! | ~ | $",
            NameTree.alt(NameTree.<Path>fail(), NameTree.neg(), NameTree.empty())),
        Arguments.of("/foo/bar", leaf("/foo/bar")),
        Arguments.of("  /foo & /bar  ", union(w(1, leaf("/foo")), w(1, leaf("/bar")))),
        Arguments.of("  /foo | /bar  ", NameTree.alt(leaf("/foo"), leaf("/bar"))),
        Arguments.of("/foo & /bar | /bar & /baz", NameTree.alt(
            union(w(1, leaf("/foo")), w(1, leaf("/bar"))),
            union(w(1, leaf("/bar")), w(1, leaf("/baz"))))),
        Arguments.of("1 * /foo & 2 * /bar | .5 * /bar & .5 * /baz", NameTree.alt(
            union(w(1, leaf("/foo")), w(2, leaf("/bar"))),
            union(w(0.5, leaf("/bar")), w(0.5, leaf("/baz"))))));
  }

  // Finagle NameTreeParsersTest "parseNameTree"
  @ParameterizedTest(name = "NameTreeParsersTest \"parseNameTree\": \"{0}\"")
  @MethodSource
  void parseNameTree(String text, NameTree<Path> expected) {
    assertEquals(expected, NameTree.read(text));
  }

  // Finagle NameTreeParsersTest "parseNameTree": the inputs it rejects
  @ParameterizedTest(name = "NameTreeParsersTest \"parseNameTree\" rejects \"{0}\"")
  @ValueSource(strings = {"", "#", "/foo &", "/foo & 0.1.2 * /bar", "/foo & . * /bar"})
  void parseNameTreeRejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> NameTree.read(text));
  }

  // Finagle NameTreeParsersTest "parseDentry"
  @Test
  void parseDentry() {
    Dentry rootFails = new Dentry(Dentry.Prefix.of(Path.empty()), NameTree.fail());
    assertEquals(rootFails, Dentry.read("/=>!"));
    assertEquals(rootFails, Dentry.read("/ => !"));
    assertEquals(new Dentry(Dentry.Prefix.ofElements(Arrays.asList("foo", null, "bar")),
        NameTree.fail()), Dentry.read("/foo/*/bar => !"));
    assertEquals(new Dentry(Dentry.Prefix.of(Path.of("foo", "bar", "baz")), NameTree.fail()),
        Dentry.read("/foo/bar/baz => !"));
    assertThrows(IllegalArgumentException.class, () -> Dentry.read("/foo/*bar/baz => !"));
    assertThrows(IllegalArgumentException.class, () -> Dentry.read("/&!"));
  }

  // Finagle NameTreeParsersTest "parseDtab"
  @Test
  void parseDtab() {
    Dentry rootFails = new Dentry(Dentry.Prefix.of(Path.empty()), NameTree.fail());
    assertEquals(Dtab.empty(), Dtab.read(""));
    assertEquals(Dtab.of(List.of(rootFails)), Dtab.read("  /=>!  "));
    assertEquals(Dtab.of(List.of(rootFails)), Dtab.read("/=>!;"));
    assertEquals(Dtab.of(List.of(rootFails,
        new Dentry(Dentry.Prefix.of(Path.of("foo")), leaf("/bar")))), Dtab.read("/=>!;/foo=>/bar"));
  }

  // ---- Dtab ----

  // Finagle DtabTest "d1 ++ d2"
  @Test
  void concatenatedDtabs() {
    Dtab d1 = Dtab.read("/foo => /bar");
    Dtab d2 = Dtab.read("/foo=>/biz;/biz=>/$/inet/8080;/bar=>/$/inet/9090");
    assertEquals(Dtab.read("""
          /foo=>/bar;
          /foo=>/biz;
          /biz=>/$/inet/8080;
          /bar=>/$/inet/9090
        """), d1.concat(d2));
  }

  // Finagle DtabTest "Dtab.read ignores comment lines with #"
  @Test
  void readIgnoresCommentLines() {
    Dtab withComments = Dtab.read("""
        # a comment
              /#foo => /biz  # another comment
                     | ( /bliz & # yet another comment
                         /bluth ) # duh bluths
                     ; #finalmente
              #/ignore=>/me;
        """);
    assertEquals(Dtab.of(List.of(new Dentry(Dentry.Prefix.of(Path.of("#foo")),
        NameTree.alt(leaf("/biz"), union(w(1, leaf("/bliz")), w(1, leaf("/bluth"))))))),
        withComments);
  }

  // Finagle DtabTest "d1 ++ Dtab.empty"
  @Test
  void concatWithEmpty() {
    Dtab d1 = Dtab.read("/foo=>/bar;/biz=>/baz");
    assertEquals(d1, d1.concat(Dtab.empty()));
  }

  // Finagle DtabTest "Dtab is a Scala collection" (as a list of entries)
  @Test
  void dtabIsAListOfDentries() {
    Dtab dtab = Dtab.of(List.of(Dentry.read("/a => /b"), Dentry.read("/c => /d")));
    Dtab upper = Dtab.of(dtab.entries().stream()
        .map(e -> Dentry.read(e.prefix().show().toUpperCase(Locale.ROOT) + "=>"
            + e.dst().show().toUpperCase(Locale.ROOT)))
        .toList());
    assertEquals(2, upper.entries().size());
    assertEquals(Dentry.Prefix.of(Path.of("A")), upper.entries().get(0).prefix());
    assertEquals(leaf("/B"), upper.entries().get(0).dst());
  }

  // Finagle DtabTest "Allows trailing semicolon"
  @Test
  void allowsTrailingSemicolon() {
    assertEquals(2, Dtab.read("""
          /b => /c;
          /a => /b;
        """).entries().size());
  }

  // Finagle DtabTest "dtab rewrites with wildcards"
  @Test
  void rewritesWithWildcards() {
    assertEquals(leaf("/d/e/f"), Dtab.read("/a/*/c => /d").lookup(Path.read("/a/b/c/e/f")));
  }

  // ---- NameTree show, eval, simplify ----

  // Finagle NameTreeTest "NameTree.{read,show}": the same 100 trees, drawn from the same seed
  @Test
  void readOfShowIsTheTree() {
    TreeGenerator gen = new TreeGenerator();
    for (int i = 0; i < 100; i++) {
      NameTree<Path> tree = gen.newTree(2);
      assertEquals(tree, NameTree.read(tree.show()), tree.show());
    }
  }

  static Stream<Arguments> evalAndSimplified() {
    return Stream.of(
        Arguments.of("~", null),
        Arguments.of("/ok", "/ok"),
        Arguments.of("/ok & /ok1", "/ok /ok1"),
        Arguments.of("/ok & ~ & /blah & $", "/blah /ok"),
        Arguments.of("$ & $ & $", ""),
        Arguments.of("~ & ~ & (~ | ~)", null),
        Arguments.of("~ | /foo | /bar", "/foo"),
        Arguments.of("~ | $ | /blah", ""),
        Arguments.of("~ | (~ | $) | /blah", ""),
        Arguments.of("(~|$|/foo) & (/bar|/blah) & ~ & /FOO", "/FOO /bar"),
        Arguments.of("! | /ok", null),
        Arguments.of("/ok & !", "/ok"),
        Arguments.of("! & ! & !", null),
        Arguments.of("~ | /ok | !", "/ok"));
  }

  // Finagle NameTreeTest "NameTree.eval/simplified" (null: eval is None)
  @ParameterizedTest(name = "NameTreeTest \"NameTree.eval/simplified\": {0}")
  @MethodSource
  void evalAndSimplified(String tree, String expected) {
    Optional<Set<Path>> want = Optional.ofNullable(expected).map(s -> s.isEmpty() ? Set.of()
        : Arrays.stream(s.split(" ")).map(Path::read).collect(Collectors.toSet()));
    assertEquals(want, NameTree.read(tree).eval());
    assertEquals(want, NameTree.read(tree).simplified().eval());
  }

  // Finagle NameTreeTest "NameTree.bind: infinite loop"
  @Test
  void bindOfALoopFails() {
    Dtab dtab = Dtab.read("""
          /foo/bar => /bar/foo;
          /bar/foo => /foo/bar""");
    String result = render(new ConfiguredNamersInterpreter(Map.of())
        .bind(dtab, Path.read("/foo/bar")).current());
    assertTrue(result.startsWith("FAILED: ") && result.contains("recursion limit of 100"), result);
  }

  // ---- Binding: NamerTest's namer, whose answers the test sets path by path ----

  /**
   * Rows of NamerTest "NameTree.bind: union" ({@code /test/0 & /test/1}), one per step, with the
   * states of /test/0, /test/1 and /test/2 at that step: pending, fail, neg, empty, or a tree.
   * Expected: PENDING, FAILED, NONE (eval is None), or the bound addresses.
   */
  static Stream<Arguments> bindUnion() {
    return Stream.of(
        Arguments.of("Pending & Pending", "pending", "pending", "pending", "PENDING"),
        Arguments.of("/test/0 bound to /test/2", "/test/2", "pending", "pending", "PENDING"),
        Arguments.of("Ok(Bound) & Pending", "/test/2", "pending", "/$/inet/1", "0.0.0.0:1"),
        Arguments.of("Failed(exc) & Pending", "/test/2", "pending", "fail", "FAILED"),
        Arguments.of("Ok(Bound) & Failed(exc)", "/test/2", "fail", "/$/inet/1", "0.0.0.0:1"),
        Arguments.of("Ok(Bound) & Ok(Bound)", "/test/2", "/$/inet/1", "/$/inet/2",
            "0.0.0.0:1 0.0.0.0:2"),
        Arguments.of("Ok(Bound) & Ok(Neg)", "/test/2", "/$/inet/1", "neg", "0.0.0.0:1"),
        Arguments.of("Failed(exc) & Failed(exc)", "/test/2", "fail", "fail", "FAILED"),
        Arguments.of("Ok(Neg) & Ok(Neg)", "/test/2", "neg", "neg", "NONE"),
        Arguments.of("Ok(Empty) & Ok(Neg)", "/test/2", "empty", "neg", ""));
  }

  // Finagle NamerTest "NameTree.bind: union"
  @ParameterizedTest(name = "NamerTest \"NameTree.bind: union\": {0}")
  @MethodSource
  void bindUnion(String step, String s0, String s1, String s2, String expected) {
    ScriptedNamer namer = new ScriptedNamer();
    namer.set("/test/0", s0);
    namer.set("/test/1", s1);
    namer.set("/test/2", s2);
    assertEquals(expected, evalAddrs(namer.bind("/test/0 & /test/1")), step);
  }

  // Finagle NamerTest "NameTree.bind: failover": its steps in order on one binding
  @Test
  void bindFailover() {
    ScriptedNamer namer = new ScriptedNamer();
    Activity<NameTree<Name.Bound>> res = namer.bind("/test/0 | /test/1 & /test/2");
    assertEquals("PENDING", evalAddrs(res));
    namer.set("/test/0", "empty");
    namer.set("/test/1", "neg");
    namer.set("/test/2", "neg");
    assertEquals("", evalAddrs(res));
    namer.set("/test/0", "/$/inet/1");
    assertEquals("0.0.0.0:1", evalAddrs(res));
    namer.set("/test/0", "neg");
    assertEquals("NONE", evalAddrs(res));
    namer.set("/test/2", "/$/inet/2");
    assertEquals("0.0.0.0:2", evalAddrs(res));
    namer.set("/test/0", "/$/inet/3");
    assertEquals("0.0.0.0:3", evalAddrs(res));
  }

  // Finagle NamerTest "NameTree.bind: Alt with Fail/Empty"
  @Test
  void bindAltWithFailAndEmpty() {
    ScriptedNamer namer = new ScriptedNamer();
    assertEquals("!", render(namer.bind("(! | /test/1 | /test/2)").current()));
    assertEquals("!", render(namer.bind("(~ | /$/fail | /test/1)").current()));
    assertEquals("$", render(namer.bind("(/$/nil | /$/fail | /test/1)").current()));
  }

  // ---- Namer.global: the /$/ namers ----

  // Finagle NamerTest "Namer.global: /$/inet"
  @Test
  void globalInet() {
    assertBound(globalLookup("/$/inet/1234"), "/$/inet/1234", "/", Address.of("0.0.0.0", 1234));
    assertBound(globalLookup("/$/inet/127.0.0.1/1234"), "/$/inet/127.0.0.1/1234", "/",
        Address.of("127.0.0.1", 1234));
    assertThrows(DependencyReader.Failure.class, () -> globalLookup("/$/inet"));
    assertBound(globalLookup("/$/inet/1234/foobar"), "/$/inet/1234", "/foobar",
        Address.of("0.0.0.0", 1234));
  }

  // Finagle NamerTest "Namer.global: /$/fixedinet"
  @Test
  void globalFixedinet() {
    assertBound(globalLookup("/$/fixedinet/1234"), "/$/fixedinet/1234", "/",
        Address.of("0.0.0.0", 1234));
    assertBound(globalLookup("/$/fixedinet/127.0.0.1/1234"), "/$/fixedinet/127.0.0.1/1234", "/",
        Address.of("127.0.0.1", 1234));
    assertThrows(DependencyReader.Failure.class, () -> globalLookup("/$/fixedinet"));
    assertBound(globalLookup("/$/fixedinet/1234/foobar"), "/$/fixedinet/1234", "/foobar",
        Address.of("0.0.0.0", 1234));
  }

  // Finagle NamerTest "Namer.global: /$/fail"
  @Test
  void globalFail() {
    assertEquals(NameTree.fail(), globalLookup("/$/fail"));
    assertEquals(NameTree.fail(), globalLookup("/$/fail/foo/bar"));
  }

  // Finagle NamerTest "Namer.global: /$/nil"
  @Test
  void globalNil() {
    assertEquals(NameTree.empty(), globalLookup("/$/nil"));
    assertEquals(NameTree.empty(), globalLookup("/$/nil/foo/bar"));
  }

  // Finagle NamerTest "Namer.global: negative resolution"
  @Test
  void globalNegativeResolution() {
    assertEquals(NameTree.neg(), globalLookup("/foo/bar/bah/blah"));
    assertEquals(NameTree.neg(), globalLookup("/foo/bar"));
  }

  // Finagle NamerTest "Namer.resolve": "invalid" is no path
  @Test
  void resolveOfAnInvalidPathFails() {
    assertThrows(IllegalArgumentException.class, () -> Path.read("invalid"));
  }

  // Finagle NamerTest "Namer.bind: max recursion level reached", at the default depth of 100
  @Test
  void bindStopsAtTheMaxRecursionLevel() {
    String result = render(new ConfiguredNamersInterpreter(Map.of())
        .bind(Dtab.read("/s => /s/srv"), Path.read("/s/foo/bar")).current());
    assertTrue(result.startsWith("FAILED: ") && result.contains("recursion limit of 100"), result);
  }

  // Finagle NamerTest "Namer.bind: max recursion level reached": where the default of 100 lies
  // (Namer.bind fails once depth > namerMaxDepth; the bound leaf counts as one level)
  @ParameterizedTest(name = "NamerTest \"Namer.bind: max recursion level reached\": {0} hops")
  @ValueSource(ints = {98, 99})
  void maxRecursionLevelBoundary(int hops) {
    StringBuilder dtab = new StringBuilder();
    for (int i = 0; i < hops; i++) {
      dtab.append("/p").append(i).append("=>/p").append(i + 1).append(';');
    }
    dtab.append("/p").append(hops).append("=>/$/inet/1");
    String result = render(new ConfiguredNamersInterpreter(Map.of())
        .bind(Dtab.read(dtab.toString()), Path.read("/p0")).current());
    assertEquals(hops == 98 ? "/$/inet/1" : "FAILED",
        result.startsWith("FAILED: ") && result.contains("recursion limit") ? "FAILED" : result);
  }

  // Finagle NameTest "Name.Bound maintains equality as per 'id'"
  @Test
  void boundNamesAreEqualByTheirId() {
    Var<Addr> a1 = Var.value(Addr.PENDING);
    Var<Addr> a2 = Var.value(Addr.PENDING);
    Path id1 = Path.read("/id1");
    Path id2 = Path.read("/id2");
    assertEquals(new Name.Bound(id1, Path.empty(), a1), new Name.Bound(id1, Path.empty(), a2));
    assertNotEquals(new Name.Bound(id1, Path.empty(), a1), new Name.Bound(id2, Path.empty(), a1));
  }

  // ---- naming/: DefaultInterpreter and friends ----

  // Finagle DefaultInterpreterTest's testnamer, at the path that loads it in Finagle
  private static final Path TESTNAMER = Path.read("/$/com.twitter.finagle.naming.testnamer");

  private static ConfiguredNamersInterpreter withTestnamer() {
    return new ConfiguredNamersInterpreter(Map.of(TESTNAMER,
        path -> Activity.value(NameTree.leaf(Name.path(Path.read("/rewritten/by/test/namer"))))));
  }

  static Stream<Arguments> defaultInterpreter() {
    return Stream.of(
        Arguments.of("basic dtab evaluation", "/foo=>/$/inet/8080", "0.0.0.0:8080"),
        Arguments.of("with indirections", "/foo=>/bar;/bar=>/$/inet/8080", "0.0.0.0:8080"),
        Arguments.of("order of dtab evaluation (d1 ++ d2)",
            "/foo=>/bar;/foo=>/biz;/biz=>/$/inet/8080;/bar=>/$/inet/9090", "0.0.0.0:8080"),
        Arguments.of("order of dtab evaluation (d2 ++ d1)",
            "/foo=>/biz;/biz=>/$/inet/8080;/bar=>/$/inet/9090;/foo=>/bar", "0.0.0.0:9090"),
        Arguments.of("recurse back to the dtab",
            "/foo=>/$/com.twitter.finagle.naming.testnamer;/rewritten/by/test/namer=>/$/inet/7070",
            "0.0.0.0:7070"),
        Arguments.of("full example", """
              /foo => /bar;
              /foo => 3 * /baz & 2 * /booz & /$/com.twitter.finagle.naming.testnamer;
              /rewritten/by/test/namer => /$/inet/7070;
              /baz => 3 * /$/inet/8080 & 2 * /$/inet/9090;
              /booz => ~
            """, "0.0.0.0:7070 0.0.0.0:8080 0.0.0.0:9090"));
  }

  // Finagle DefaultInterpreterTest (the test named in each row)
  @ParameterizedTest(name = "DefaultInterpreterTest \"{0}\"")
  @MethodSource
  void defaultInterpreter(String test, String dtab, String addrs) {
    assertEquals(addrs, evalAddrs(withTestnamer().bind(Dtab.read(dtab), Path.read("/foo"))));
  }

  // Finagle DefaultInterpreterTest "full example": the weights stay where the dtab put them
  // (Finagle copies the innermost weight into each Addr's metadata; the tree is the same)
  @Test
  void fullExampleKeepsTheUnionWeights() {
    Dtab dtab = Dtab.read("""
          /foo => /bar;
          /foo => 3 * /baz & 2 * /booz & /$/com.twitter.finagle.naming.testnamer;
          /rewritten/by/test/namer => /$/inet/7070;
          /baz => 3 * /$/inet/8080 & 2 * /$/inet/9090;
          /booz => ~
        """);
    assertEquals("3.00*(3.00*/$/inet/8080 & 2.00*/$/inet/9090) & /$/inet/7070",
        render(withTestnamer().bind(dtab, Path.read("/foo")).current()));
  }

  // Finagle NameInterpreterTest "NameInterpreter uses dtab when interpreter is not set"
  @Test
  void defaultInterpreterBindsThroughTheDtab() {
    assertEquals("/$/inet/localhost/1234", render(new ConfiguredNamersInterpreter(Map.of())
        .bind(Dtab.read("/test=>/$/inet/localhost/1234"), Path.read("/test")).current()));
  }

  // Finagle LoadedNameInterpreterTest "falls back to DefaultInterpreter"
  @Test
  void emptyDestinationBindsEmpty() {
    Dtab dtab = Dtab.read("""
          /a => /b;
          /b => $;
        """);
    assertEquals("$", render(new ConfiguredNamersInterpreter(Map.of())
        .bind(dtab, Path.read("/a/x")).current()));
  }

  // Finagle BindingFactoryTest "Uses Dtab.base", "Respects Dtab.base changes after service
  // factory creation" and "Traces name information per request" (clnt/namer.name)
  @Test
  void baseThenLocalDtab() {
    ConfiguredNamersInterpreter interpreter = new ConfiguredNamersInterpreter(Map.of());
    Dtab base = Dtab.read("/test1010=>/$/inet/1010");
    Dtab local = Dtab.read("/foo/bar=>/test1010");
    Activity<NameTree<Name.Bound>> bound =
        interpreter.bind(base.concat(local), Path.read("/foo/bar"));
    assertEquals("0.0.0.0:1010", evalAddrs(bound));
    assertEquals("/$/inet/1010", render(bound.current()));
    assertEquals("/test1010=>/$/inet/1010", base.show());
    Dtab changedBase = base.concat(Dtab.read("/test1010=>/$/inet/1011"));
    assertEquals("0.0.0.0:1011",
        evalAddrs(interpreter.bind(changedBase.concat(local), Path.read("/foo/bar"))));
  }

  // ---- helpers ----

  private static NameTree<Path> leaf(String path) {
    return NameTree.leaf(Path.read(path));
  }

  private static NameTree.Weighted<Path> w(double weight, NameTree<Path> tree) {
    return new NameTree.Weighted<>(weight, tree);
  }

  @SafeVarargs
  private static NameTree<Path> union(NameTree.Weighted<Path>... trees) {
    return new NameTree.Union<>(List.of(trees));
  }

  /** Finagle's Namer.global.lookup: hoplink's namer table with no configured namers. */
  private static NameTree<Name> globalLookup(String path) {
    return new NamerTable(Map.of()).lookup(Path.read(path), new DependencyReader(Map.of()));
  }

  private static void assertBound(NameTree<Name> tree, String id, String residual, Address addr) {
    Name.Bound bound = (Name.Bound) ((NameTree.Leaf<Name>) tree).value();
    assertEquals(Path.read(id), bound.id());
    assertEquals(Path.read(residual), bound.residual());
    assertEquals(Addr.bound(Set.of(addr)), bound.addr().get());
  }

  /** A bound tree as its show (bound names as {@code id} or {@code id+residual}), or its state. */
  static String render(Activity.State<NameTree<Name.Bound>> state) {
    if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      return "FAILED: " + failed.message();
    }
    if (state instanceof Activity.Pending) {
      return "PENDING";
    }
    return ((Activity.Ok<NameTree<Name.Bound>>) state).value().map(b -> b.residual().isEmpty()
        ? b.id().show() : b.id().show() + "+" + b.residual().show()).show();
  }

  /** As Finagle's assertEval: the addresses of what the tree evaluates to, sorted. */
  static String evalAddrs(Activity<NameTree<Name.Bound>> activity) {
    Activity.State<NameTree<Name.Bound>> state = activity.current();
    if (!(state instanceof Activity.Ok<NameTree<Name.Bound>> ok)) {
      return state instanceof Activity.Pending ? "PENDING" : "FAILED";
    }
    Optional<Set<Name.Bound>> names = ok.value().eval();
    if (names.isEmpty()) {
      return "NONE";
    }
    List<String> out = new ArrayList<>();
    for (Name.Bound name : names.get()) {
      if (name.addr().get() instanceof Addr.Bound bound) {
        bound.addresses().forEach(a -> out.add(a.hostPort()));
      }
    }
    return out.stream().sorted().collect(Collectors.joining(" "));
  }

  /**
   * NamerTest's Ctx namer: under /test, each path answers what the test last set (pending until
   * then); anything else goes to the /$/ namers, as Finagle's {@code OrElse(pathNamer,
   * Namer.global)}.
   */
  private static final class ScriptedNamer implements Namer {
    private final Map<Path, Var.Settable<Activity.State<NameTree<Name>>>> answers =
        new ConcurrentHashMap<>();
    private final ConfiguredNamersInterpreter interpreter =
        new ConfiguredNamersInterpreter(new LinkedHashMap<>(Map.of(TEST, this)));

    private Var.Settable<Activity.State<NameTree<Name>>> answer(Path path) {
      return answers.computeIfAbsent(path, p -> Var.settable(new Activity.Pending<>()));
    }

    void set(String path, String state) {
      answer(Path.read(path)).set(switch (state) {
        case "pending" -> new Activity.Pending<>();
        case "fail" -> new Activity.Failed<>("TestException");
        case "neg" -> new Activity.Ok<>(NameTree.neg());
        case "empty" -> new Activity.Ok<>(NameTree.empty());
        default -> new Activity.Ok<>(NameTree.read(state).map(Name::path));
      });
    }

    /** Finagle's {@code namer.bind(NameTree.read(tree))}: the tree as a dentry's destination. */
    Activity<NameTree<Name.Bound>> bind(String tree) {
      return interpreter.bind(Dtab.read("/tree=>" + tree), Path.read("/tree"));
    }

    @Override
    public Activity<NameTree<Name>> lookup(Path path) {
      return Activity.of(answer(TEST.concat(path)));
    }
  }

  /** NameTreeTest's random trees: Scala's Random is java.util.Random, so the draws are equal. */
  private static final class TreeGenerator {
    private static final List<String> WORDS = List.of("Lorem", "ipsum", "dolor", "sit", "amet",
        "consectetur", "adipisicing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut",
        "labore", "et", "dolore", "magna", "aliqua", "Ut", "enim", "ad", "minim", "veniam", "quis",
        "nostrud", "exercitation", "ullamco", "laboris", "nisi", "ut", "aliquip", "ex", "ea",
        "commodo", "consequat", "Duis", "aute", "irure", "dolor", "in", "reprehenderit", "in",
        "voluptate", "velit", "esse", "cillum", "dolore", "eu", "fugiat", "nulla", "pariatur",
        "Excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "in", "culpa",
        "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum");
    private final Random rng = new Random(1234L);

    private NameTree<Path> newLeaf() {
      return switch (rng.nextInt(4)) {
        case 0 -> NameTree.fail();
        case 1 -> NameTree.empty();
        case 2 -> NameTree.neg();
        default -> {
          int n = 1 + rng.nextInt(10);
          List<String> elems = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            elems.add(WORDS.get(rng.nextInt(WORDS.size())));
          }
          yield NameTree.leaf(Path.of(elems));
        }
      };
    }

    NameTree<Path> newTree(int depth) {
      int kind = rng.nextInt(3);
      if (depth == 0 || kind == 0) {
        return newLeaf();
      }
      int n = 1 + rng.nextInt(3);
      if (kind == 1) {
        List<NameTree.Weighted<Path>> trees = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          double weight = rng.nextInt(10);
          trees.add(new NameTree.Weighted<>(weight, newTree(depth - 1)));
        }
        return n == 1 ? trees.get(0).tree() : new NameTree.Union<>(trees);
      }
      List<NameTree<Path>> trees = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        trees.add(newTree(depth - 1));
      }
      return n == 1 ? trees.get(0) : new NameTree.Alt<>(trees);
    }
  }
}
