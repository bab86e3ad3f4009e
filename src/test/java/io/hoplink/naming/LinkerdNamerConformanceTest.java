package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.namers.rewrite.RewriteNamerConfig;
import io.hoplink.namers.rewrite.RewriteNamerPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linkerd 1.7.5's own test cases for its {@code /$/io.buoyant.*} system namers, the
 * {@code io.l5d.rewrite} namer, and the default interpreter's binding and delegation
 * ({@code ConfiguredNamersInterpreter}, {@code DelegateTree}, the admin delegator), run against
 * hoplink. Each case names the Linkerd suite and test it comes from. Cases where hoplink differs
 * from Linkerd are not asserted; a comment marks where each would be.
 */
class LinkerdNamerConformanceTest {

  // ---- namer/core: io.buoyant.http, io.buoyant.hostportPfx / porthostPfx, io.buoyant.rinet ----

  static Stream<Arguments> systemNamers() {
    return Stream.of(
        row("HttpTest", "anyMethod", "/$/io.buoyant.http.anyMethod/GET/foo/bar/bah",
            "/foo/bar/bah"),
        row("HttpTest", "anyMethod: not a method", "/$/io.buoyant.http.anyMethod/A.B/foo/bar/bah",
            "~"),
        row("HttpTest", "anyMethodPfx", "/$/io.buoyant.http.anyMethodPfx/foo/GET/bar/bah",
            "/foo/bar/bah"),
        row("HttpTest", "anyMethodPfx: not a method",
            "/$/io.buoyant.http.anyMethodPfx/foo/A.B/bar/bah", "~"),
        row("HttpTest", "anyHost", "/$/io.buoyant.http.anyHost/a.b/foo/bar/bah", "/foo/bar/bah"),
        row("HttpTest", "anyHost: not a host", "/$/io.buoyant.http.anyHost/a%b/foo/bar/bah", "~"),
        row("HttpTest", "anyHostPfx", "/$/io.buoyant.http.anyHostPfx/foo/a.b/bar/bah",
            "/foo/bar/bah"),
        row("HttpTest", "anyHostPfx: not a host", "/$/io.buoyant.http.anyHostPfx/foo/a%b/bar/bah",
            "~"),
        row("HttpTest", "subdomainOf", "/$/io.buoyant.http.subdomainOf/a.b/foo.a.b/bar/bah",
            "/foo/bar/bah"),
        row("HttpTest", "subdomainOfPfx", "/$/io.buoyant.http.subdomainOfPfx/a.b/foo/bar.a.b/bah",
            "/foo/bar/bah"),
        row("HttpTest", "subdomainOfPfx with underscore",
            "/$/io.buoyant.http.subdomainOfPfx/a.b/foo/bar_suffix.a.b/bah", "/foo/bar_suffix/bah"),
        row("HttpTest", "subdomainOfPfx with port",
            "/$/io.buoyant.http.subdomainOfPfx/a.b/foo/bar.a.b:9090/bah", "/foo/bar/bah"),
        row("HttpTest", "subdomainOfPfx with dash",
            "/$/io.buoyant.http.subdomainOfPfx/a.b/foo/bar-suffix.a.b/bah", "/foo/bar-suffix/bah"),
        row("HttpTest", "domainToPath", "/$/io.buoyant.http.domainToPath/foo.buoyant.io",
            "/io/buoyant/foo"),
        row("HttpTest", "domainToPathPfx", "/$/io.buoyant.http.domainToPathPfx/pfx/foo.buoyant.io",
            "/pfx/io/buoyant/foo"),
        row("HostPortTest", "io.buoyant.hostportPfx matches IP:PORT",
            "/$/io.buoyant.hostportPfx/ia/127.1:8080/etc", "/ia/127.1/8080/etc"),
        row("HostPortTest", "io.buoyant.hostportPfx matches HOST:PORT",
            "/$/io.buoyant.hostportPfx/ia/google.com:8180/etc", "/ia/google.com/8180/etc"),
        row("HostPortTest", "io.buoyant.hostportPfx does not match HOST:PORT:ETC",
            "/$/io.buoyant.hostportPfx/ia/google.com:8180:abcdef/etc", "~"),
        row("HostPortTest", "io.buoyant.porthostPfx matches IP:PORT",
            "/$/io.buoyant.porthostPfx/ia/127.1:8080/etc", "/ia/8080/127.1/etc"),
        row("HostPortTest", "io.buoyant.hostportPfx matches HOST:PORT with string port",
            "/$/io.buoyant.hostportPfx/ia/google.com:http/etc", "/ia/google.com/http/etc"),
        row("HostPortTest", "io.buoyant.hostportPfx matches IP:PORT with string port",
            "/$/io.buoyant.hostportPfx/ia/127.1:http/etc", "/ia/127.1/http/etc"),
        row("HostPortTest", "io.buoyant.hostportPfx does not match HOST:PORT:ETC with string port",
            "/$/io.buoyant.hostportPfx/ia/google.com:http:abcdef/etc", "~"),
        row("HostPortTest", "io.buoyant.porthostPfx matches IP:PORT with string port",
            "/$/io.buoyant.porthostPfx/ia/127.1:http/etc", "/ia/http/127.1/etc"));
  }

  // Linkerd HttpTest and HostPortTest (the test named in each row): Namer.global.lookup rewrites
  // the path, or is negative ("~")
  @ParameterizedTest(name = "Linkerd {0} \"{1}\"")
  @MethodSource
  void systemNamers(String suite, String test, String path, String expected) {
    NameTree<Name> want = expected.equals("~") ? NameTree.neg()
        : NameTree.leaf(Name.path(Path.read(expected)));
    assertEquals(want, globalLookup(path));
  }

  // Linkerd RinetTest "rinet binds"
  @Test
  void rinetBinds() {
    NameTree<Name.Bound> tree = ok(new ConfiguredNamersInterpreter(Map.of())
        .bind(Dtab.empty(), Path.read("/$/io.buoyant.rinet/12345/localhost/residual")));
    Name.Bound bound = ((NameTree.Leaf<Name.Bound>) tree).value();
    assertEquals(Path.read("/$/io.buoyant.rinet/12345/localhost"), bound.id());
    assertEquals(Path.read("/residual"), bound.residual());
    assertEquals(Addr.bound(Set.of(Address.of("localhost", 12345))), bound.addr().get());
  }

  // ---- namer/core: io.l5d.rewrite ----

  static Stream<Arguments> rewritingNamer() {
    return Stream.of(
        Arguments.of("matches prefix", "/one/two", "/success", "/one/two/three", "/success"),
        Arguments.of("matches wildcard", "/one/*/three", "/success", "/one/two/three", "/success"),
        Arguments.of("mismatch", "/one/*/four", "/success", "/one/two/three", "~"),
        Arguments.of("capture and rewrite", "/{foo}/*/three", "/success/{foo}", "/one/two/three",
            "/success/one"),
        Arguments.of("failed capture", "/{foo}/*/four", "/success/{foo}", "/one/two/three", "~"));
  }

  // Linkerd RewritingNamerTest (the test named in each row)
  @ParameterizedTest(name = "Linkerd RewritingNamerTest \"{0}\"")
  @MethodSource
  void rewritingNamer(String test, String pattern, String name, String path, String expected) {
    Namer namer = new RewriteNamerPlugin().newNamer(new RewriteNamerConfig(
        RewriteNamerPlugin.KIND, Path.read("/rewrite"), pattern, name, List.of()),
        NamerContext.system());
    NameTree<Name> want = expected.equals("~") ? NameTree.neg()
        : NameTree.leaf(Name.path(Path.read(expected)));
    assertEquals(new Activity.Ok<>(want), namer.lookup(Path.read(path)).current());
  }

  // ---- namer/core: ConfiguredNamersInterpreter ----

  // Linkerd NamerInitializersTest "namers evaluated bottom-up", with the namers in the
  // preference order Linkerd's Linker hands the interpreter (the config reversed): first match
  // wins. The router hands them over reversed, as Linkerd does: router's NamerOrderTest.
  @Test
  void firstNamerInPreferenceOrderWins() {
    Path boo = Path.read("/#/boo");
    Path booUrns = Path.read("/#/boo/urns");
    Name.Bound first = bound(interpreter(boo, testNamer(boo, false), booUrns,
        testNamer(booUrns, false)).bind(Dtab.empty(), Path.read("/#/boo/urns")));
    assertEquals(boo, first.id());
    assertEquals(Path.read("/urns"), first.residual());
    Name.Bound second = bound(interpreter(booUrns, testNamer(booUrns, false), boo,
        testNamer(boo, false)).bind(Dtab.empty(), Path.read("/#/boo/urns")));
    assertEquals(booUrns, second.id());
    assertEquals(Path.empty(), second.residual());
  }

  // Linkerd NamerInitializerTest "parse: test"
  @Test
  void configuredNamerBindsUnderItsPrefix() {
    Path foo = Path.read("/#/foo");
    ConfiguredNamersInterpreter parsed = interpreter(foo, testNamer(foo, false));
    Name.Bound bar = bound(parsed.bind(Dtab.empty(), Path.read("/#/foo/bar")));
    assertEquals(foo, bar.id());
    assertEquals(Path.read("/bar"), bar.residual());
    assertEquals(NameTree.neg(), ok(parsed.bind(Dtab.empty(), Path.read("/foo/buh"))));
  }

  // Linkerd NamerInitializerTest "parse namer under another prefix"
  @Test
  void configuredNamerUnderAnotherPrefix() {
    Path fuh = Path.read("/#/fuh");
    Name.Bound buh = bound(interpreter(fuh, testNamer(fuh, true))
        .bind(Dtab.empty(), Path.read("/#/fuh/buh")));
    assertEquals(fuh, buh.id());
    assertEquals(Path.read("/buh"), buh.residual());
  }

  // Not here: NamerInitializerTest "falls back across NameTree.Neg" (two namers with one prefix;
  // hoplink's interpreter takes namers keyed by prefix, and its config refuses the pair).

  // Linkerd ConfiguredDtabNamerTest "updates on dtab change" (the configured dtab, then the local)
  @Test
  void bindsThroughTheConfiguredThenTheLocalDtab() {
    Path inetPrefix = Path.read("/#inet");
    Namer inet = path -> Activity.value(path.size() < 2 ? NameTree.neg()
        : NameTree.leaf(new Name.Bound(inetPrefix.concat(path.take(2)), path.drop(2),
            Var.value(Addr.bound(Set.of(Address.of(path.get(0),
                Integer.parseInt(path.get(1)))))))));
    ConfiguredNamersInterpreter interpreter = interpreter(inetPrefix, inet);
    Dtab local = Dtab.read("/foo => /bar");
    assertEquals(NameTree.neg(), ok(interpreter.bind(Dtab.empty().concat(local),
        Path.read("/foo/fah"))));
    Name.Bound fah = bound(interpreter.bind(Dtab.read("/bar => /#inet/127.1/8080").concat(local),
        Path.read("/foo/fah")));
    assertEquals(Path.read("/#inet/127.1/8080"), fah.id());
    assertEquals(Path.read("/fah"), fah.residual());
    assertEquals(Addr.bound(Set.of(Address.of("127.0.0.1", 8080))), fah.addr().get());
  }

  // Linkerd ConfigMapInterpreterTest (the dtab its config map holds, as the interpreter shows it)
  @Test
  void dtabShowsAsLinkerdShowsIt() {
    assertEquals("Dtab(/ph=>/$/io.buoyant.rinet;/svc=>/ph/80;/svc=>/$/io.buoyant.porthostPfx/ph)",
        Dtab.read("/ph => /$/io.buoyant.rinet ;\n/svc => /ph/80 ;\n"
            + "/svc => /$/io.buoyant.porthostPfx/ph\n").toString());
  }

  // ---- namer/core: DelegateTree.simplified ----

  private static final Path A = Path.read("/a");
  private static final Path B = Path.read("/b");
  private static final Path C = Path.read("/c");
  private static final Path D = Path.read("/d");

  // Linkerd DelegateTreeTest "simplify collapses nodes with the same path"
  @Test
  void simplifyCollapsesNodesWithTheSamePath() {
    Dentry bcd = Dentry.read("/b => /c|/d");
    DelegateTree.Leaf c = new DelegateTree.Leaf(C, bcd, Name.path(C));
    DelegateTree.Leaf d = new DelegateTree.Leaf(D, bcd, Name.path(D));
    DelegateTree orig = new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"),
            new DelegateTree.Alt(B, bcd, List.of(c, d))));
    assertEquals(new DelegateTree.Delegate(A, null,
        new DelegateTree.Alt(B, Dentry.read("/a => /b"), List.of(c, d))),
        DelegateTreeSimplifier.simplify(orig));
  }

  // Linkerd DelegateTreeTest "simplify converts single branch alts into delegates" and
  // "simplify converts single branch unions into delegates"
  @Test
  void simplifyConvertsSingleBranchAltsAndUnionsIntoDelegates() {
    Dentry bc = Dentry.read("/b => /c");
    DelegateTree.Leaf c = new DelegateTree.Leaf(C, bc, Name.path(C));
    DelegateTree simplified = new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"), c));
    assertEquals(simplified, DelegateTreeSimplifier.simplify(new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"),
            new DelegateTree.Alt(B, bc, List.of(c))))));
    assertEquals(simplified, DelegateTreeSimplifier.simplify(new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"),
            new DelegateTree.Union(B, bc, List.of(new DelegateTree.Weighted(1.0, c)))))));
  }

  // Linkerd DelegateTreeTest "simplify converts no branch alts into neg" and "simplify converts
  // no branch unions into neg"
  @Test
  void simplifyConvertsNoBranchAltsAndUnionsIntoNeg() {
    Dentry bNeg = Dentry.read("/b => ~");
    DelegateTree simplified = new DelegateTree.Delegate(A, null, new DelegateTree.Delegate(B,
        Dentry.read("/a => /b"), new DelegateTree.Neg(B, bNeg)));
    assertEquals(simplified, DelegateTreeSimplifier.simplify(new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"),
            new DelegateTree.Alt(B, bNeg, List.of())))));
    assertEquals(simplified, DelegateTreeSimplifier.simplify(new DelegateTree.Delegate(A, null,
        new DelegateTree.Delegate(B, Dentry.read("/a => /b"),
            new DelegateTree.Union(B, bNeg, List.of())))));
  }

  // ---- linkerd/admin: DelegatorTest ----

  /** DelegatorTest's linker: the test namer under /namer and the error namer. */
  private static final ConfiguredNamersInterpreter DELEGATOR = interpreter(
      Path.read("/#/namer"), testNamer(Path.read("/#/namer"), false),
      Path.read("/#/error"), errorNamer(Path.read("/#/error")));
  private static final Dtab DELEGATOR_DTAB = Dtab.read("""
        /bah/humbug => /$/inet/127.1/8080 ;
        /beh => /#/error ;
        /foo => /bah | /$/fail ;
        /foo => /bar ;
        /boo => /foo ;
        /meh => /heh ;
      """);

  // Linkerd admin DelegatorTest "uses NamerInterpreter to resolve names"
  @Test
  void delegationResolvesThroughTheNamers() {
    Path path = Path.read("/nah/bro");
    assertEquals(new DelegateTree.Delegate(path, null, new DelegateTree.Leaf(
        Path.read("/#/namer/bro"), Dentry.read("/nah=>/#/namer"),
        new Name.Bound(Path.read("/#/namer"), Path.read("/bro"), Var.value(Addr.PENDING)))),
        DELEGATOR.delegate(Dtab.read("/nah=>/#/namer;"), path));
  }

  // Linkerd admin DelegatorTest "explain neg delegation"
  @Test
  void explainNegDelegation() {
    assertEquals(new DelegateTree.Neg(Path.read("/nope"), null),
        DELEGATOR.delegate(DELEGATOR_DTAB, Path.read("/nope")));
  }

  // Linkerd admin DelegatorTest "explain delegate delegation"
  @Test
  void explainDelegateDelegation() {
    Path path = Path.read("/meh/hey");
    assertEquals(new DelegateTree.Delegate(path, null,
        new DelegateTree.Neg(Path.read("/heh/hey"), Dentry.read("/meh=>/heh"))),
        DELEGATOR.delegate(DELEGATOR_DTAB, path));
  }

  // Linkerd admin DelegatorTest "explain alt delegation"
  @Test
  void explainAltDelegation() {
    Path path = Path.read("/boo/lol");
    Dentry bahOrFail = Dentry.read("/foo=>/bah|/$/fail");
    assertEquals(new DelegateTree.Delegate(path, null, new DelegateTree.Alt(
        Path.read("/foo/lol"), Dentry.read("/boo=>/foo"), List.of(
            new DelegateTree.Neg(Path.read("/bar/lol"), Dentry.read("/foo=>/bar")),
            new DelegateTree.Neg(Path.read("/bah/lol"), bahOrFail),
            new DelegateTree.Fail(Path.read("/$/fail/lol"), bahOrFail)))),
        DELEGATOR.delegate(DELEGATOR_DTAB, path));
  }

  // Linkerd admin DelegatorTest "explain bound delegation"
  @Test
  void explainBoundDelegation() {
    Path path = Path.read("/boo/humbug/ya");
    Dentry bahOrFail = Dentry.read("/foo=>/bah | /$/fail");
    assertEquals(new DelegateTree.Delegate(path, null, new DelegateTree.Alt(
        Path.read("/foo/humbug/ya"), Dentry.read("/boo=>/foo"), List.of(
            new DelegateTree.Neg(Path.read("/bar/humbug/ya"), Dentry.read("/foo=>/bar")),
            new DelegateTree.Delegate(Path.read("/bah/humbug/ya"), bahOrFail,
                new DelegateTree.Leaf(Path.read("/$/inet/127.1/8080/ya"),
                    Dentry.read("/bah/humbug=>/$/inet/127.1/8080"),
                    new Name.Bound(Path.read("/$/inet/127.1/8080"), Path.read("/ya"),
                        Var.value(Addr.PENDING)))),
            new DelegateTree.Fail(Path.read("/$/fail/humbug/ya"), bahOrFail)))),
        DELEGATOR.delegate(DELEGATOR_DTAB, path));
  }

  // Linkerd admin DelegatorTest "explain error delegation"
  @Test
  void explainErrorDelegation() {
    Path path = Path.read("/beh/humbug");
    assertEquals(new DelegateTree.Delegate(path, null, new DelegateTree.Exception(
        Path.read("/#/error/humbug"), Dentry.read("/beh=>/#/error"),
        "error naming /#/error/humbug")), DELEGATOR.delegate(DELEGATOR_DTAB, path));
  }

  // ---- linkerd/admin: DelegateApiHandlerTest (the JSON of /delegator.json) ----

  /** DelegateApiHandlerTest's linker: the test and error namers at their default prefixes. */
  private static final ConfiguredNamersInterpreter HANDLER = interpreter(
      Path.read("/#/foo"), testNamer(Path.read("/#/foo"), false),
      Path.read("/#/error"), errorNamer(Path.read("/#/error")));
  private static final Dtab HANDLER_DTAB = Dtab.read("""
        /beh => /#/error ;
        /bah/humbug => /$/inet/127.1/8080 ;
        /foo => /bah | /beh | /$/fail ;
        /foo => /bar ;
        /boo => /foo ;
        /meh => /heh ;
        /neg => ~ ;
      """);

  // Linkerd DelegateApiHandlerTest "/delegate response" (and "... via POST with JSON content
  // type", which expects the same document)
  @Test
  void delegateResponse() {
    String foo = "/bah | /beh | /$/fail";
    Map<String, Object> leafBound = map(
        "addr", map("type", "bound", "addrs",
            List.of(map("ip", "127.0.0.1", "port", 8080, "meta", Map.of())), "meta", Map.of()),
        "id", "/$/inet/127.1/8080", "path", "/");
    assertEquals(node("delegate", "/boo/humbug", null, null, "delegate",
        node("alt", "/foo/humbug", "/boo", "/foo", "alt", List.of(
            node("neg", "/bar/humbug", "/foo", "/bar"),
            node("delegate", "/bah/humbug", "/foo", foo, "delegate",
                node("leaf", "/$/inet/127.1/8080", "/bah/humbug", "/$/inet/127.1/8080",
                    "bound", leafBound)),
            node("delegate", "/beh/humbug", "/foo", foo, "delegate",
                node("exception", "/#/error/humbug", "/beh", "/#/error",
                    "message", "error naming /#/error/humbug")),
            node("fail", "/$/fail/humbug", "/foo", foo)))),
        json(HANDLER.delegate(HANDLER_DTAB, Path.read("/boo/humbug"))));
  }

  // Linkerd DelegateApiHandlerTest "delegates to neg when no matches found"
  @Test
  void delegatesToNegWhenNoMatchesFound() {
    assertEquals(node("delegate", "/meh", null, null, "delegate",
        node("neg", "/heh", "/meh", "/heh")),
        json(HANDLER.delegate(HANDLER_DTAB, Path.read("/meh"))));
  }

  // Linkerd DelegateApiHandlerTest "delegation for explicit neg is shown"
  @Test
  void delegationForExplicitNegIsShown() {
    assertEquals(node("delegate", "/neg", null, null, "delegate", node("neg", "~", "/neg", "~")),
        json(HANDLER.delegate(HANDLER_DTAB, Path.read("/neg"))));
  }

  // ---- helpers ----

  private static Arguments row(String suite, String test, String path, String expected) {
    return Arguments.of(suite, test, path, expected);
  }

  /** Finagle's Namer.global.lookup: hoplink's namer table with no configured namers. */
  private static NameTree<Name> globalLookup(String path) {
    return new NamerTable(Map.of()).lookup(Path.read(path), new DependencyReader(Map.of()));
  }

  /** Namers in the order given: Linkerd's {@code ConfiguredNamersInterpreter(namers)}. */
  private static ConfiguredNamersInterpreter interpreter(Object... prefixesAndNamers) {
    Map<Path, Namer> namers = new LinkedHashMap<>();
    for (int i = 0; i < prefixesAndNamers.length; i += 2) {
      namers.put((Path) prefixesAndNamers[i], (Namer) prefixesAndNamers[i + 1]);
    }
    return new ConfiguredNamersInterpreter(namers);
  }

  /** Linkerd's TestNamer: binds any name to its prefix, except /buh... unless {@code buh}. */
  private static Namer testNamer(Path prefix, boolean buh) {
    return path -> Activity.value(!buh && path.size() > 0 && path.get(0).equals("buh")
        ? NameTree.neg()
        : NameTree.leaf(new Name.Bound(prefix, path, Var.value(Addr.PENDING))));
  }

  /** Linkerd's error namer: every lookup fails with TestNamingError. */
  private static Namer errorNamer(Path prefix) {
    return path -> Activity.failed("error naming " + prefix.concat(path).show());
  }

  private static <T> T ok(Activity<T> activity) {
    return ((Activity.Ok<T>) activity.current()).value();
  }

  private static Name.Bound bound(Activity<NameTree<Name.Bound>> activity) {
    return ((NameTree.Leaf<Name.Bound>) ok(activity)).value();
  }

  /**
   * The delegation as /delegator.json data. Linkerd leaves out the dentry of the starting node
   * and hoplink writes it as null (a known difference); the nulls are dropped here so the rest
   * of the document is compared exactly.
   */
  /** Linkerd leaves the dentry key out where no dentry made the node (the starting one). */
  private static Object json(DelegateTree tree) {
    return tree.toPlain();
  }

  /** A node of Linkerd's delegate JSON: type, path, dentry (absent when prefix is null), rest. */
  private static Map<String, Object> node(String type, String path, String prefix, String dst,
      Object... rest) {
    Map<String, Object> out = map("type", type, "path", path);
    if (prefix != null) {
      out.put("dentry", map("prefix", prefix, "dst", dst));
    }
    out.putAll(map(rest));
    return out;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
