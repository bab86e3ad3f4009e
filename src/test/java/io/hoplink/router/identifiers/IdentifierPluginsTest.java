package io.hoplink.router.identifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.Path;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierPluginsTest {
  private static final Path SVC = Path.read("/svc");

  @Test
  void everyIdentifierIsRegistered() {
    PluginRegistry<IdentifierPlugin<?>> registry = registry();
    assertEquals(List.of("io.l5d.header", "io.l5d.header.path", "io.l5d.header.token", "io.l5d.ingress", "io.l5d.methodAndHost",
        "io.l5d.path", "io.l5d.static"), List.copyOf(registry.kinds()));
  }

  @Test
  void headerTokenNamesByHostByDefault() {
    Identifier id = build("kind: io.l5d.header.token");
    assertEquals(named("/svc/hello", "/x"), id.identify(get("/x", "Host", "hello")));
    assertInstanceOf(Identification.Unidentified.class, id.identify(get("/x")));
  }

  @Test
  void headerTokenUsesConfiguredHeaderAsOneSegment() {
    Identifier id = build("kind: io.l5d.header.token\nheader: my-header");
    Identification result = id.identify(get("/", "my-header", "a/b"));
    assertEquals(Path.of("svc", "a/b"), ((Identification.Identified) result).name());
  }

  @Test
  void methodAndHostNamesByVersionMethodAndHost() {
    Identifier id = build("kind: io.l5d.methodAndHost");
    assertEquals(named("/svc/1.1/GET/hello", "/a/b?q=1"),
        id.identify(get("/a/b?q=1", "Host", "hello")));
    Identifier withUri = build("kind: io.l5d.methodAndHost\nhttpUriInDst: true");
    assertEquals(named("/svc/1.1/GET/hello/a/b", "/a/b?q=1"),
        withUri.identify(get("/a/b?q=1", "Host", "hello")));
    RequestHead http10 = new RequestHead("POST", "1.0", "/", MultiMap.caseInsensitiveMultiMap());
    assertEquals(named("/svc/1.0/POST", "/"), id.identify(http10));
    assertInstanceOf(Identification.Unidentified.class, id.identify(get("/")));
  }

  @Test
  void pathTakesLeadingSegmentsAndMayConsumeThem() {
    Identifier one = build("kind: io.l5d.path");
    assertEquals(named("/svc/users", "/users/42?x=1"), one.identify(get("/users/42?x=1")));
    Identifier two = build("kind: io.l5d.path\nsegments: 2\nconsume: true");
    assertEquals(named("/svc/users/42", "/?x=1"), two.identify(get("/users/42?x=1")));
    assertEquals(named("/svc/a/b", "/c/"), two.identify(get("/a/b/c/")));
    assertInstanceOf(Identification.Unidentified.class, two.identify(get("/only")));
  }

  @Test
  void headerReadsAWholePath() {
    Identifier id = build("kind: io.l5d.header");
    assertEquals(named("/svc/hello/v2", "/"), id.identify(get("/", "l5d-name", "/hello/v2")));
    assertInstanceOf(Identification.Unidentified.class,
        id.identify(get("/", "l5d-name", "not a path")));
    assertInstanceOf(Identification.Unidentified.class, id.identify(get("/")));
  }

  @Test
  void staticNamesEveryRequestTheSame() {
    Identifier id = build("kind: io.l5d.static\npath: /hello");
    assertEquals(named("/svc/hello", "/any"), id.identify(get("/any")));
  }

  @Test
  void firstIdentifierThatNamesTheRequestWins() {
    Identifier chain = Identifier.firstOf(List.of(
        build("kind: io.l5d.header\nheader: x-name"), build("kind: io.l5d.header.token")));
    assertEquals(named("/svc/hello", "/"), chain.identify(get("/", "Host", "hello")));
    assertEquals(named("/svc/a", "/"), chain.identify(get("/", "Host", "hello", "x-name", "/a")));
    Identification none = chain.identify(get("/"));
    assertTrue(((Identification.Unidentified) none).reason().contains("x-name header is absent"));
  }

  @Test
  void oneIdentifierThatCannotTellYetMakesTheChainUnavailableAndEveryOneIsClosed() {
    java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
    Identifier waiting = new Identifier() {
      @Override
      public Identification identify(RequestHead request) {
        return new Identification.Unavailable("not listed yet");
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
    Identifier chain = Identifier.firstOf(List.of(waiting, build("kind: io.l5d.header.token")));
    assertEquals(named("/svc/hello", "/"), chain.identify(get("/", "Host", "hello")));
    assertEquals(new Identification.Unavailable("not listed yet; Host header is absent"),
        chain.identify(get("/")));
    chain.close();
    assertEquals(1, closed.get());
  }

  @Test
  void badConfigIsRejectedWithItsPath() {
    assertRejected("kind: io.l5d.path\nsegments: 0", "segments (io.l5d.path): 0 (expected: >= 1) at 2:11");
    assertRejected("kind: io.l5d.static", "(io.l5d.static): missing required key 'path'");
    assertRejected("kind: io.l5d.static\npath: nope", "path (io.l5d.static): a path must start");
    assertRejected("kind: io.l5d.header.token\nheadr: Host", "unknown key 'headr'");
    assertRejected("kind: io.l5d.header\nheader: 'a b'", "'a b' is not a valid header name");
    assertRejected("kind: io.l5d.nope", "unknown identifier kind 'io.l5d.nope' (kinds hoplink builds: "
        + "io.l5d.header, io.l5d.header.path, io.l5d.header.token");
  }

  private static void assertRejected(String yaml, String expected) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> registry().parse(YamlLoader.load(yaml)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PluginRegistry<IdentifierPlugin<?>> registry() {
    return (PluginRegistry) PluginRegistry.load(IdentifierPlugin.FAMILY, IdentifierPlugin.class);
  }

  private static Identifier build(String yaml) {
    PluginRegistry<IdentifierPlugin<?>> registry = registry();
    PluginConfig config = registry.parse(YamlLoader.load(yaml));
    return registry.of(config).newIdentifierUnchecked(config, SVC, io.hoplink.naming.NamerContext.system());
  }

  private static Identification named(String path, String uri) {
    return new Identification.Identified(Path.read(path), uri);
  }

  private static RequestHead get(String uri, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return new RequestHead("GET", "1.1", uri, map);
  }
}
