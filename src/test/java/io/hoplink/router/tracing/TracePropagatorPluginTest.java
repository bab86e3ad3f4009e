package io.hoplink.router.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.Plugins;
import io.hoplink.config.RouterConfig;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.identifiers.IdentifierPlugin;
import org.junit.jupiter.api.Test;

class TracePropagatorPluginTest {
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Plugins PLUGINS = Plugins.builder()
      .add((PluginRegistry) PluginRegistry.load(TracePropagatorPlugin.FAMILY,
          TracePropagatorPlugin.class))
      .add((PluginRegistry) PluginRegistry.load(IdentifierPlugin.FAMILY, IdentifierPlugin.class))
      .build();

  private static RouterConfig router(String extra) {
    return RouterConfig.parse(YamlLoader.load("routers:\n- protocol: http\n  servers: [{port: 0}]\n"
        + extra).required("routers").elements().get(0), PLUGINS);
  }

  @Test
  void serviceLoaderFindsBothKinds() {
    assertEquals(java.util.List.of("io.l5d.default", "io.l5d.zipkin"),
        java.util.List.copyOf(PLUGINS.registry(TracePropagatorPlugin.FAMILY).kinds()));
  }

  @Test
  void aRouterHasLinkerdsDefaultUnlessItNamesOne() {
    assertEquals(new TracePropagatorPlugin.Config("io.l5d.default"), router("").tracePropagator());
    assertEquals(new TracePropagatorPlugin.Config("io.l5d.zipkin"),
        router("  tracePropagator:\n    kind: io.l5d.zipkin\n").tracePropagator());
    assertEquals(java.util.Map.of("kind", "io.l5d.zipkin"), router(
        "  tracePropagator: {kind: io.l5d.zipkin}\n").toPlain().get("tracePropagator"));
    RouterConfig quiet = router("  tracePropagator: {kind: io.l5d.default}\n");
    assertTrue(quiet.unbuilt().isEmpty(), quiet.unbuilt().toString());
  }

  @Test
  void badBlocksAreRefusedWithTheirPath() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> router("  tracePropagator: {kind: io.l5d.b3}\n"));
    assertTrue(unknown.getMessage().startsWith("routers[0].tracePropagator.kind: unknown "
        + "tracePropagator kind 'io.l5d.b3' (kinds hoplink builds: io.l5d.default, io.l5d.zipkin)"),
        unknown.getMessage());
    ConfigException key = assertThrows(ConfigException.class,
        () -> router("  tracePropagator: {kind: io.l5d.zipkin, single: true}\n"));
    assertTrue(key.getMessage().startsWith("routers[0].tracePropagator.single (io.l5d.zipkin): "
        + "unknown key 'single'"), key.getMessage());
  }

  @Test
  void eachKindBuildsItsPropagator() {
    assertInstanceOf(LinkerdTracePropagator.class,
        new LinkerdTracePropagatorPlugin().newPropagator());
    assertInstanceOf(B3TracePropagator.class, new ZipkinTracePropagatorPlugin().newPropagator());
  }
}
