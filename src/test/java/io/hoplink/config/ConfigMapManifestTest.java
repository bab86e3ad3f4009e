package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A ConfigMap manifest given as the config: its data.config.yaml is read, errors in place. */
class ConfigMapManifestTest {
  private static final String MANIFEST = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: l5d-config
      data:
        config.yaml: |-
          routers:
          - protocol: http
            label: outgoing
            servers:
            - port: 4140
      """;

  @Test
  void theConfigInsideIsRead() {
    HoplinkConfig config = TestPlugins.load(MANIFEST);
    assertEquals("outgoing", config.routers().get(0).label());
    assertEquals(4140, config.routers().get(0).servers().get(0).port());
  }

  @Test
  void anErrorInsidePointsAtItsLineAndColumnInTheManifest() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load(MANIFEST.replace("- port: 4140", "- prot: 4140")));
    assertTrue(e.getMessage().contains("routers[0].servers[0].prot: unknown key 'prot'"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("at 11:9"), e.getMessage()); // where 'prot' stands
  }

  @Test
  void aConfigMapWithSeveralKeysNeedsConfigYaml() {
    String two = MANIFEST.replace("  config.yaml: |-", "  other: x\n  linkerd.yaml: |-");
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(two));
    assertTrue(e.getMessage().contains("data keys [other, linkerd.yaml]"), e.getMessage());
    assertTrue(e.getMessage().contains("data.config.yaml"), e.getMessage());
  }

  @Test
  void aConfigWithAKindKeyThatIsNoConfigMapIsAConfig() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load("kind: Deployment\nrouters: []\n"));
    assertTrue(e.getMessage().contains("unknown key 'kind'"), e.getMessage());
  }
}
