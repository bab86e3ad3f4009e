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
import org.junit.jupiter.api.Test;

class HeaderPathIdentifierPluginTest {
  private static final Path SVC = Path.read("/svc");

  @Test
  void isRegistered() {
    assertInstanceOf(HeaderPathIdentifierPlugin.class,
        registry().of(registry().parse(YamlLoader.load("kind: io.l5d.header.path"))));
  }

  @Test
  void parsesWithLinkerdDefaults() {
    assertEquals(new HeaderPathIdentifierPlugin.Config("io.l5d.header.path", ":path", 1),
        registry().parse(YamlLoader.load("kind: io.l5d.header.path")));
    assertEquals(new HeaderPathIdentifierPlugin.Config("io.l5d.header.path", "x-route", 2),
        registry().parse(YamlLoader.load("kind: io.l5d.header.path\nheader: x-route\nsegments: 2")));
  }

  @Test
  void badConfigIsRejectedWithItsPath() {
    assertRejected("kind: io.l5d.header.path\nsegments: 0",
        "segments (io.l5d.header.path): 0 (expected: >= 1) at 2:11");
    assertRejected("kind: io.l5d.header.path\nheader: ':'", "':' is not a valid header name");
    assertRejected("kind: io.l5d.header.path\nsegs: 1", "unknown key 'segs'");
  }

  @Test
  void namesGrpcCallsByServiceOrByMethod() {
    Identifier service = build("kind: io.l5d.header.path");
    Identifier method = build("kind: io.l5d.header.path\nsegments: 2");

    assertEquals(named("/svc/pkg.Greeter", "/pkg.Greeter/Hello"),
        service.identify(post("/pkg.Greeter/Hello")));
    assertEquals(named("/svc/pkg.Greeter/Hello", "/pkg.Greeter/Hello"),
        method.identify(post("/pkg.Greeter/Hello")));
    assertEquals(named("/svc/a/b", "/a/b/c?x=1"), method.identify(post("/a/b/c?x=1")));
    assertInstanceOf(Identification.Unidentified.class, method.identify(post("/only")));
  }

  @Test
  void readsAnotherHeaderWhenConfigured() {
    Identifier id = build("kind: io.l5d.header.path\nheader: x-route");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-route", "/users/42?q");

    assertEquals(named("/svc/users", "/"), id.identify(new RequestHead("POST", "2", "/", headers)));
    assertInstanceOf(Identification.Unidentified.class, id.identify(post("/a")));
  }

  @Test
  void theAuthorityPseudoHeaderIsAValidTokenHeader() {
    Identifier id = build("kind: io.l5d.header.token\nheader: ':authority'");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(":authority", "greeter:50051");

    assertEquals(named("/svc/greeter:50051", "/"),
        id.identify(new RequestHead("POST", "2", "/", headers)));
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

  private static RequestHead post(String path) {
    return new RequestHead("POST", "2", path, MultiMap.caseInsensitiveMultiMap());
  }
}
