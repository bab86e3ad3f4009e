package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code io.l5d.k8s.configMap} interpreter block: Linkerd's keys ({@code name} and
 * {@code filename} required, {@code namespace} {@code default}, {@code host}/{@code port} as the
 * k8s namer's, {@code experimental} accepted), and errors that say where and what was expected.
 */
class ConfigMapDtabConfigTest {
  private static InterpreterConfig interpreter(String block) {
    return TestPlugins.load("routers:\n- protocol: http\n  interpreter:\n" + block
        + "  servers: [{}]\n").routers().get(0).interpreter();
  }

  private static String refusal(String block) {
    return assertThrows(ConfigException.class, () -> interpreter(block)).getMessage();
  }

  @Test
  void linkerdsDocumentedBlockParsesWithTheDefaultNamespace() {
    InterpreterConfig parsed = interpreter("""
            kind: io.l5d.k8s.configMap
            experimental: true
            name: dtabs
            filename: my-dtab
        """);
    assertEquals(Optional.of(new ConfigMapDtabConfig(Optional.empty(), Optional.empty(),
        "default", "dtabs", "my-dtab")), parsed.configMap());
    assertEquals(Optional.empty(), parsed.dtabFile());
    assertEquals(Map.of("kind", "io.l5d.k8s.configMap", "namespace", "default", "name", "dtabs",
        "filename", "my-dtab", "transformers", List.of()), parsed.toPlain());
  }

  @Test
  void everyKeyIsRead() {
    InterpreterConfig parsed = interpreter("""
            kind: io.l5d.k8s.configMap
            host: kube.example
            port: 8888
            namespace: my-great-namespace
            name: config-map
            filename: test.dtab
            transformers: [{kind: io.l5d.port, port: 4141}]
        """);
    assertEquals(new ConfigMapDtabConfig(Optional.of("kube.example"), Optional.of(8888),
        "my-great-namespace", "config-map", "test.dtab"), parsed.configMap().orElseThrow());
    assertEquals(1, parsed.transformers().size());
  }

  @Test
  void aMissingNameOrFilenameIsRefusedAtTheBlockSayingWhatIsExpected() {
    assertEquals("routers[0].interpreter (io.l5d.k8s.configMap): missing required key 'name'"
        + " (expected: the ConfigMap's name, such as l5d-dtabs) at 4:5",
        refusal("    kind: io.l5d.k8s.configMap\n    filename: my-dtab\n"));
    assertEquals("routers[0].interpreter (io.l5d.k8s.configMap): missing required key"
        + " 'filename' (expected: the key of the ConfigMap's data that holds the dtab, such as"
        + " outgoing.dtab) at 4:5", refusal("    kind: io.l5d.k8s.configMap\n    name: dtabs\n"));
  }

  @Test
  void namesThatKubernetesWouldRefuseAreRefusedAtTheirValue() {
    assertEquals("routers[0].interpreter.name (io.l5d.k8s.configMap): 'My_Dtabs' (expected: a"
        + " ConfigMap name such as l5d-dtabs) at 6:11", refusal(
            "    kind: io.l5d.k8s.configMap\n    filename: d\n    name: My_Dtabs\n"));
    assertEquals("routers[0].interpreter.namespace (io.l5d.k8s.configMap): 'a.b' (expected: a"
        + " namespace such as default) at 6:16", refusal(
            "    kind: io.l5d.k8s.configMap\n    name: d\n    namespace: a.b\n    filename: d\n"));
    assertEquals("routers[0].interpreter.filename (io.l5d.k8s.configMap): 'a/b' (expected: a"
        + " ConfigMap data key: letters, digits, '-', '_' and '.') at 6:15", refusal(
            "    kind: io.l5d.k8s.configMap\n    name: d\n    filename: a/b\n"));
  }

  @Test
  void otherKeysAndBadPortsAreRefused() {
    assertEquals("routers[0].interpreter.dtabFile (io.l5d.k8s.configMap): unknown key 'dtabFile'"
        + " (expected one of: experimental, filename, host, kind, name, namespace, port,"
        + " transformers) at 7:5", refusal("    kind: io.l5d.k8s.configMap\n    name: d\n"
            + "    filename: d\n    dtabFile: /x\n"));
    assertEquals("routers[0].interpreter.port (io.l5d.k8s.configMap): 0 (expected: a port from"
        + " 1 to 65535) at 7:11", refusal("    kind: io.l5d.k8s.configMap\n    name: d\n"
            + "    filename: d\n    port: 0\n"));
    assertEquals("routers[0].interpreter.experimental (io.l5d.k8s.configMap): 'yes please' is"
        + " not a boolean (expected: true or false) at 7:19", refusal("    kind: io.l5d.k8s.configMap\n    name: d\n"
            + "    filename: d\n    experimental: yes please\n"));
  }
}
