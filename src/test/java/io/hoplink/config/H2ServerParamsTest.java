package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class H2ServerParamsTest {

  private static ServerConfig server(String keys) {
    return TestPlugins.load("routers:\n- protocol: h2\n  servers:\n  - {" + keys + "}\n")
        .routers().get(0).servers().get(0);
  }

  @Test
  void anH2ServerGetsLinkerdsSettingsWithABoundedStreamCount() {
    assertEquals(Optional.of(H2ServerParams.defaults()), server("port: 4142").h2());
    assertEquals(new H2ServerParams(1000, 65_535, 8192, 4096, 16_384), H2ServerParams.defaults());
  }

  @Test
  void theSettingsKeysAreBuilt() {
    HoplinkConfig config = TestPlugins.load("""
        routers:
        - protocol: h2
          servers:
          - maxConcurrentStreamsPerConnection: 50
            initialStreamWindowBytes: 1048576
            maxHeaderListBytes: 16384
            headerTableBytes: 0
            maxFrameBytes: 32768
        """);

    assertEquals(Optional.of(new H2ServerParams(50, 1_048_576, 16_384, 0, 32_768)),
        config.routers().get(0).servers().get(0).h2());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void windowUpdateRatioIsStillWarnedAbout() {
    HoplinkConfig config = TestPlugins.load(
        "routers:\n- protocol: h2\n  servers: [{windowUpdateRatio: 0.5}]\n");

    assertEquals(1, config.warnings().size(), config.warnings().toString());
    assertTrue(config.warnings().get(0).contains("windowUpdateRatio"));
  }

  @Test
  void outOfRangeSettingsAreRejectedWithTheirPath() {
    ConfigException e = assertThrows(ConfigException.class, () -> server("maxFrameBytes: 100"));
    assertTrue(e.getMessage().startsWith(
        "routers[0].servers[0].maxFrameBytes: 100 (expected: 16384 to 16777215)"), e.getMessage());
    assertThrows(ConfigException.class, () -> server("maxConcurrentStreamsPerConnection: 0"));
  }

  @Test
  void anHttpServerHasNoH2SettingsAndRefusesTheirKeys() {
    HoplinkConfig config = TestPlugins.load("routers:\n- protocol: http\n  servers: [{}]\n");
    assertEquals(Optional.empty(), config.routers().get(0).servers().get(0).h2());
    assertThrows(ConfigException.class, () -> TestPlugins.load(
        "routers:\n- protocol: http\n  servers: [{maxFrameBytes: 16384}]\n"));
  }
}
