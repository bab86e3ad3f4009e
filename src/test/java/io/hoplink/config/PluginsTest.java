package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginsTest {

  @Test
  void anAbsentFamilyActsAsAnEmptyRegistry() {
    PluginRegistry<?> registry = Plugins.none().registry("classifier");

    assertEquals("classifier", registry.family());
    assertTrue(registry.kinds().isEmpty());
  }

  @Test
  void twoRegistriesOfOneFamilyAreRefused() {
    Plugins.Builder builder = Plugins.builder().add(PluginRegistry.of("namer", TestPlugins.FS));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> builder.add(PluginRegistry.of("namer")));
    assertEquals("two registries for plugin family 'namer'", e.getMessage());
  }

  @Test
  void aRegisteredKindWinsOverTheUnbuiltTable() {
    ConfigNode node = YamlLoader.load("kind: io.l5d.fs\nrootDir: /disco");

    assertEquals(new TestPlugins.FsNamerConfig("io.l5d.fs", "/io.l5d.fs", "/disco"),
        TestPlugins.all().parse("namer", node));
    assertEquals(List.of(), node.warnings());
  }

  @Test
  void anUnbuiltKindKeepsItsKeysAndWarns() {
    ConfigNode node = YamlLoader.load("kind: io.l5d.statsd\nprefix: linkerd\nport: 8125");

    PluginConfig config = Plugins.none().parse("telemeter", node);

    assertEquals(new UnbuiltPluginConfig("io.l5d.statsd", Map.of("prefix", "linkerd", "port", 8125L)), config);
    assertEquals(List.of("config (io.l5d.statsd): kind io.l5d.statsd is accepted but not built yet; it has no effect at 1:1"),
        node.warnings());
  }

  @Test
  void aDefaultKindIsUsedWhenTheBlockHasNone() {
    ConfigNode node = YamlLoader.load("header: X-Name");

    assertEquals(new TestPlugins.HeaderTokenConfig("io.l5d.header.token", "X-Name"),
        TestPlugins.all().parse("identifier", node, "io.l5d.header.token"));
  }

  @Test
  void unbuiltTableCoversTheLinkerdFamilies() {
    assertTrue(UnbuiltKinds.contains("tracePropagator", "io.l5d.zipkin"));
    assertTrue(!UnbuiltKinds.contains("classifier", "io.l5d.h2.grpc.default")); // built too
    assertTrue(!UnbuiltKinds.contains("failureAccrual", "none")); // built: router/resilience
    assertTrue(!UnbuiltKinds.contains("classifier", "io.l5d.http.retryableRead5XX"));
    assertTrue(!UnbuiltKinds.contains("transformer", "io.l5d.k8s.daemonset"));
    assertTrue(UnbuiltKinds.mustWork("namer"));
    assertTrue(!UnbuiltKinds.mustWork("telemeter"));
  }
}
