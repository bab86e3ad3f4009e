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
  void withoutConfigYamlTheOneEntryHoldingRoutersIsRead() {
    String two = MANIFEST.replace("  config.yaml: |-", "  other: x\n  linkerd.yaml: |-");
    assertEquals("outgoing", TestPlugins.load(two).routers().get(0).label());
  }

  @Test
  void aLoneConfigMapsOnlyEntryIsTheConfigWhateverItsKeyAndItsErrorsPointInPlace() {
    String renamed = MANIFEST.replace("  config.yaml: |-", "  linkerd.yml: |-")
        .replace("- port: 4140", "- prot: 4140");
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(renamed));
    assertTrue(e.getMessage().contains("unknown key 'prot'") && e.getMessage().endsWith("at 11:9"),
        e.getMessage());
  }

  @Test
  void aConfigMapWithNoConfigNamesItsKeys() {
    String none = MANIFEST.replace("  config.yaml: |-", "  other: x\n  prometheus.yml: |-")
        .replace("routers:", "scrape_configs:");
    ConfigException e = assertThrows(ConfigException.class, () -> TestPlugins.load(none));
    assertTrue(e.getMessage().contains("l5d-config [other, prometheus.yml] at 1:1"), e.getMessage());
    assertTrue(e.getMessage().contains("data.config.yaml"), e.getMessage());
  }

  @Test
  void aManifestOfSeveralDocumentsIsReadForItsConfigMap() {
    String daemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: l5d
        ---
        """;
    String file = daemonSet + MANIFEST + "---\napiVersion: v1\nkind: Service\n";
    HoplinkConfig config = TestPlugins.load(file);
    assertEquals(4140, config.routers().get(0).servers().get(0).port());
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load(file.replace("- port: 4140", "- prot: 4140")));
    assertTrue(e.getMessage().endsWith("at 16:9"), e.getMessage()); // five lines further down
  }

  @Test
  void severalDocumentsWithoutAConfigMapAreRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load("routers: []\n---\nrouters: []\n"));
    assertTrue(e.getMessage().contains("2 YAML documents and no ConfigMap"), e.getMessage());
  }

  @Test
  void twoConfigMapsWithAConfigAreRefusedByName() {
    String second = MANIFEST.replace("name: l5d-config", "name: l5d-config-2");
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load(MANIFEST + "---\n" + second));
    assertTrue(e.getMessage().contains("2 ConfigMap data entries hold a config"), e.getMessage());
    assertTrue(e.getMessage().contains("l5d-config-2 [config.yaml] at 13:1"), e.getMessage());
  }

  @Test
  void aConfigWithAKindKeyThatIsNoConfigMapIsAConfig() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestPlugins.load("kind: Deployment\nrouters: []\n"));
    assertTrue(e.getMessage().contains("unknown key 'kind'"), e.getMessage());
  }
}
