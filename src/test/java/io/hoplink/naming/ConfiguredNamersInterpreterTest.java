package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dtab evaluation as Finagle and Linkerd do it. A bound leaf shows as {@code id} or
 * {@code id+residual}; a failed binding as {@code FAILED: <part of its message>}.
 */
class ConfiguredNamersInterpreterTest {
  private final FakeNamer fs = new FakeNamer("/#/io.l5d.fs", "hello", "world");
  private final FakeNamer disco = new FakeNamer("/#/disco", "hello");
  private final FakeNamer east = new FakeNamer("/#/disco/east", "hello");
  /**
   * In the order the interpreter asks them (the router hands them over in reverse config order,
   * as Linkerd's Linker does): the shorter prefix comes first here.
   */
  private final ConfiguredNamersInterpreter interpreter =
      new ConfiguredNamersInterpreter(namers(fs, disco, east));

  private static Map<Path, Namer> namers(FakeNamer... namers) {
    Map<Path, Namer> byPrefix = new LinkedHashMap<>();
    for (FakeNamer namer : namers) {
      byPrefix.put(namer.prefix(), namer);
    }
    return byPrefix;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("prefix rewrite keeps the residual",
            "/svc => /#/io.l5d.fs", "/svc/hello/a/b", "/#/io.l5d.fs/hello+/a/b"),
        row("the later dentry wins",
            "/svc => /#/io.l5d.fs; /svc/hello => /#/io.l5d.fs/world", "/svc/hello", "/#/io.l5d.fs/world"),
        row("a later dentry that binds to nothing falls back to an earlier one",
            "/svc => /#/io.l5d.fs; /svc => /#/io.l5d.fs/missing", "/svc/hello", "/#/io.l5d.fs/hello"),
        row("rewrites chain through the whole table again",
            "/srv => /#/io.l5d.fs; /host => /srv; /svc => /host; /host/world => /srv/hello",
            "/svc/world", "/#/io.l5d.fs/hello"),
        row("alternates fall back while the first is negative",
            "/svc => /#/io.l5d.fs/missing | /#/io.l5d.fs/hello", "/svc", "/#/io.l5d.fs/hello"),
        row("alternates keep the first that binds",
            "/svc => /#/io.l5d.fs/world | /#/io.l5d.fs/hello", "/svc", "/#/io.l5d.fs/world"),
        row("~ is negative, so the earlier dentry is used",
            "/svc => /#/io.l5d.fs; /svc/hello => ~", "/svc/hello", "/#/io.l5d.fs/hello"),
        row("~ alone binds to nothing", "/svc => ~", "/svc/hello", "~"),
        row("! fails and stops the fallback to earlier dentries",
            "/svc => /#/io.l5d.fs; /svc/hello => !", "/svc/hello", "!"),
        row("! fails and stops the fallback through alternates",
            "/svc => ! | /#/io.l5d.fs/hello", "/svc", "!"),
        row("$ is empty and counts as a result", "/svc => $ | /#/io.l5d.fs/hello", "/svc", "$"),
        row("* matches one segment", "/svc/*/canary => /#/io.l5d.fs/world", "/svc/hello/canary",
            "/#/io.l5d.fs/world"),
        row("* does not match a different segment", "/svc/*/canary => /#/io.l5d.fs/world",
            "/svc/hello/main", "~"),
        row("a weighted union keeps its weights",
            "/svc => 0.7 * /#/io.l5d.fs/hello & 0.3 * /#/io.l5d.fs/world", "/svc",
            "0.70*/#/io.l5d.fs/hello & 0.30*/#/io.l5d.fs/world"),
        row("a union drops its negative branches",
            "/svc => 0.7 * /#/io.l5d.fs/hello & 0.3 * /#/io.l5d.fs/missing", "/svc",
            "/#/io.l5d.fs/hello"),
        row("a union of negatives is negative",
            "/svc => 0.5 * /#/io.l5d.fs/x & 0.5 * /#/io.l5d.fs/y", "/svc", "~"),
        row("a loop hits the recursion limit", "/a => /b; /b => /a", "/a",
            "FAILED: recursion limit of 100"),
        row("a path no dentry matches is negative", "/svc => /#/io.l5d.fs", "/other/x", "~"),
        row("inet binds host and port and keeps the residual", "/svc => /$/inet/127.0.0.1/8080",
            "/svc/x/y", "/$/inet/127.0.0.1/8080+/x/y"),
        row("inet without a numeric port fails, as Finagle's Namer.global",
            "/svc => /$/inet/127.0.0.1/http", "/svc", "FAILED: expected /$/inet/<host>/<port>"),
        row("inet with a port alone is the local host's port (Finagle)", "/svc => /$/inet/8080",
            "/svc/x", "/$/inet/8080+/x"),
        row("inet reads host then port before port alone (Finagle)", "/svc => /$/inet/8080/9090",
            "/svc", "/$/inet/8080/9090"),
        row("inet with a port out of range fails", "/svc => /$/inet/127.0.0.1/70000", "/svc",
            "FAILED: port 70000 is out of range"),
        row("rinet takes the port first", "/svc => /$/io.buoyant.rinet/8080", "/svc/example.com",
            "/$/io.buoyant.rinet/8080/example.com"),
        row("rinet keeps the residual (Linkerd 1.7)", "/svc => /$/io.buoyant.rinet/8080",
            "/svc/example.com/x", "/$/io.buoyant.rinet/8080/example.com+/x"),
        row("anyMethodPfx drops the method", "/svc => /$/io.buoyant.http.anyMethodPfx/m;"
            + " /m => /#/io.l5d.fs", "/svc/GET/hello", "/#/io.l5d.fs/hello"),
        row("anyMethod drops the method", "/svc => /$/io.buoyant.http.anyMethod;"
            + " /hello => /#/io.l5d.fs/hello", "/svc/POST/hello", "/#/io.l5d.fs/hello"),
        row("anyMethod wants an upper-case method", "/svc => /$/io.buoyant.http.anyMethod;"
            + " /hello => /#/io.l5d.fs/hello", "/svc/post/hello", "~"),
        row("anyHostPfx drops the host", "/svc => /$/io.buoyant.http.anyHostPfx/h;"
            + " /h => /#/io.l5d.fs", "/svc/foo.example.com/hello", "/#/io.l5d.fs/hello"),
        row("anyHost drops the host", "/svc => /$/io.buoyant.http.anyHost;"
            + " /hello => /#/io.l5d.fs/hello", "/svc/10.0.0.1:80/hello", "/#/io.l5d.fs/hello"),
        row("subdomainOfPfx keeps the part below the domain",
            "/svc => /$/io.buoyant.http.subdomainOfPfx/example.com/s; /s => /#/io.l5d.fs",
            "/svc/hello.example.com", "/#/io.l5d.fs/hello"),
        row("subdomainOf keeps the part below the domain",
            "/svc => /$/io.buoyant.http.subdomainOf/example.com; /hello => /#/io.l5d.fs/hello",
            "/svc/hello.example.com", "/#/io.l5d.fs/hello"),
        row("subdomainOf of another domain is negative",
            "/svc => /$/io.buoyant.http.subdomainOf/example.com; /hello => /#/io.l5d.fs/hello",
            "/svc/hello.example.org", "~"),
        row("subdomainOf of the domain itself is negative",
            "/svc => /$/io.buoyant.http.subdomainOf/example.com", "/svc/example.com", "~"),
        row("domainToPath reverses the DNS labels",
            "/svc => /$/io.buoyant.http.domainToPath; /com/example => /#/io.l5d.fs",
            "/svc/hello.example.com", "/#/io.l5d.fs/hello"),
        row("Linkerd's status namer is refused by name", "/svc => /$/io.buoyant.http.status/404",
            "/svc", "FAILED: answers from inside Linkerd"),
        row("hostportPfx splits host:port",
            "/svc => /$/io.buoyant.hostportPfx/inet; /inet => /$/inet", "/svc/example.com:8080/x",
            "/$/inet/example.com/8080+/x"),
        row("porthostPfx splits host:port port first",
            "/svc => /$/io.buoyant.porthostPfx/rinet; /rinet => /$/io.buoyant.rinet",
            "/svc/example.com:8080", "/$/io.buoyant.rinet/8080/example.com"),
        row("hostportPfx without a port is negative",
            "/svc => /$/io.buoyant.hostportPfx/inet; /inet => /$/inet", "/svc/example.com", "~"),
        row("domainToPathPfx reverses the DNS labels",
            "/svc => /$/io.buoyant.http.domainToPathPfx/dom; /dom/com/example => /#/io.l5d.fs",
            "/svc/hello.example.com/x", "/#/io.l5d.fs/hello+/x"),
        row("/$/nil is empty", "/svc => /$/nil", "/svc", "$"),
        row("/$/fail fails", "/svc => /$/fail | /$/nil", "/svc", "!"),
        row("an unknown system namer fails", "/svc => /$/nope", "/svc",
            "FAILED: unknown system namer /$/nope"),
        row("the next matching namer is asked when the first says negative",
            "/svc => /#/disco/east", "/svc/hello", "/#/disco/east/hello"),
        row("negative when every matching namer says so",
            "/svc => /#/disco/east", "/svc/world", "~"),
        row("a /#/ prefix no namer serves is negative (Finagle's Namer.global)",
            "/svc => /#/nope", "/svc/hello", "~"),
        row("so an alternative falls back past it", "/svc => /#/nope | /#/io.l5d.fs",
            "/svc/hello", "/#/io.l5d.fs/hello"));
  }

  private static Arguments row(String name, String dtab, String path, String expected) {
    return Arguments.of(name, dtab, path, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bindsAsFinagleDoes(String name, String dtab, String path, String expected) {
    Activity.State<NameTree<Name.Bound>> state =
        interpreter.bind(Dtab.read(dtab), Path.read(path)).current();
    String actual = render(state);
    if (expected.startsWith("FAILED: ")) {
      assertTrue(actual.startsWith("FAILED: ") && actual.contains(expected.substring(8)),
          name + ": " + actual);
    } else {
      assertEquals(expected, actual, name);
    }
  }

  @Test
  void theFirstNamerAskedWinsOverOneWithALongerPrefix() {
    disco.bind("east", Address.of("10.1.1.1", 80));
    Activity.State<NameTree<Name.Bound>> state =
        interpreter.bind(Dtab.empty(), Path.read("/#/disco/east/hello")).current();
    assertEquals("/#/disco/east+/hello", render(state));
  }

  @Test
  void shorterPrefixNamerGetsTheRestOfThePath() {
    disco.bind("east", Address.of("10.1.1.1", 80));
    east.set("world", new Activity.Ok<>(NameTree.neg()));
    Activity.State<NameTree<Name.Bound>> state =
        interpreter.bind(Dtab.empty(), Path.read("/#/disco/east/world")).current();
    assertEquals("/#/disco/east+/world", render(state));
  }

  @Test
  void inetBindsItsAddress() {
    NameTree<Name.Bound> tree = ((Activity.Ok<NameTree<Name.Bound>>) interpreter
        .bind(Dtab.read("/svc=>/$/inet/127.1/8888"), Path.read("/svc")).current()).value();
    Name.Bound bound = ((NameTree.Leaf<Name.Bound>) tree).value();
    assertEquals(Addr.bound(Set.of(Address.of("127.1", 8888))), bound.addr().get());
  }

  @Test
  void pendingNamerMakesTheBindingPendingAndFailedNamerFailsIt() {
    fs.set("hello", new Activity.Pending<>());
    Activity<NameTree<Name.Bound>> bound =
        interpreter.bind(Dtab.read("/svc=>/#/io.l5d.fs"), Path.read("/svc/hello"));
    assertInstanceOf(Activity.Pending.class, bound.current());
    fs.set("hello", new Activity.Failed<>("disk on fire"));
    assertEquals(new Activity.Failed<>("disk on fire"), bound.current());
  }

  @Test
  void observedBindingFollowsTheNamer() {
    Activity<NameTree<Name.Bound>> bound = interpreter.bind(
        Dtab.read("/svc=>/#/io.l5d.fs/new | /#/io.l5d.fs/hello"), Path.read("/svc"));
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Subscription sub = bound.observe(state -> seen.add(render(state)));
    assertEquals("/#/io.l5d.fs/hello", seen.get(seen.size() - 1));
    fs.bind("new", Address.of("10.9.9.9", 1));
    assertEquals("/#/io.l5d.fs/new", seen.get(seen.size() - 1));
    fs.set("new", new Activity.Ok<>(NameTree.neg()));
    assertEquals("/#/io.l5d.fs/hello", seen.get(seen.size() - 1));
    sub.close();
    assertTrue(!fs.tree("new").isObserved() && !fs.tree("hello").isObserved(),
        "closing the last observer stops observing the namer");
  }

  @Test
  void concurrentNamerUpdatesEndOnTheLatestTree() throws Exception {
    Activity<NameTree<Name.Bound>> bound = interpreter.bind(
        Dtab.read("/svc=>/#/io.l5d.fs/a | /#/io.l5d.fs/b"), Path.read("/svc"));
    java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
    Subscription sub = bound.observe(state -> last.set(render(state)));
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      String service = t % 2 == 0 ? "a" : "b";
      java.util.Random random = new java.util.Random(t);
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          if (random.nextBoolean()) {
            fs.bind(service, Address.of("10.0.0." + (i % 200 + 1), 80));
          } else {
            fs.set(service, new Activity.Ok<>(NameTree.neg()));
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    fs.set("a", new Activity.Ok<>(NameTree.neg()));
    fs.bind("b", Address.of("10.0.0.2", 80));
    assertEquals("/#/io.l5d.fs/b", last.get());
    assertEquals("/#/io.l5d.fs/b", render(bound.current()));
    fs.bind("a", Address.of("10.0.0.1", 80));
    assertEquals("/#/io.l5d.fs/a", last.get());
    sub.close();
  }

  static String render(Activity.State<NameTree<Name.Bound>> state) {
    if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      return "FAILED: " + failed.message();
    }
    if (state instanceof Activity.Pending) {
      return "PENDING";
    }
    NameTree<Name.Bound> tree = ((Activity.Ok<NameTree<Name.Bound>>) state).value();
    return tree.map(b -> b.residual().isEmpty() ? b.id().show()
        : b.id().show() + "+" + b.residual().show()).show();
  }
}
