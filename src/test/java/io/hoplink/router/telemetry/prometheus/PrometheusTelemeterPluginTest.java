package io.hoplink.router.telemetry.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.admin.AdminFixture;
import io.hoplink.router.admin.AdminSettings;
import io.hoplink.router.admin.FakeAdminState;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPage;
import io.hoplink.router.telemetry.TelemeterPlugin;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTelemeterPluginTest {
  private static PluginConfig parse(String yaml) {
    PluginRegistry<TelemeterPlugin<?>> registry =
        PluginRegistry.of(TelemeterPlugin.FAMILY, new PrometheusTelemeterPlugin());
    return registry.parse(YamlLoader.load(yaml).required("telemetry").elements().get(0));
  }

  @Test
  void serviceLoaderFindsIt() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    PluginRegistry<TelemeterPlugin<?>> registry =
        (PluginRegistry) PluginRegistry.load(TelemeterPlugin.FAMILY, TelemeterPlugin.class);
    assertTrue(registry.kinds().contains("io.l5d.prometheus"), registry.kinds().toString());
  }

  @Test
  void parsesPathAndPrefixWithLinkerdDefaults() {
    assertEquals(new PrometheusTelemeterPlugin.Config("io.l5d.prometheus",
        "/admin/metrics/prometheus", ""), parse("telemetry:\n- kind: io.l5d.prometheus\n"));
    assertEquals(new PrometheusTelemeterPlugin.Config("io.l5d.prometheus", "/metrics", "l5d_"),
        parse("telemetry:\n- kind: io.l5d.prometheus\n  path: /metrics\n  prefix: l5d_\n"
            + "  experimental: false\n"));
  }

  @Test
  void rejectsBadConfigWithItsPath() {
    ConfigException relative = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.prometheus\n  path: metrics\n"));
    assertEquals("telemetry[0].path (io.l5d.prometheus): 'metrics' (expected: a path starting"
        + " with '/') at 3:9", relative.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.prometheus\n  interval: 5\n"));
    assertTrue(unknown.getMessage().startsWith("telemetry[0].interval (io.l5d.prometheus): "
        + "unknown key 'interval'"), unknown.getMessage());
  }

  @Test
  void servesPrefixedNamesAtItsPath() throws Exception {
    PrometheusTelemeterPlugin.Config config = (PrometheusTelemeterPlugin.Config)
        parse("telemetry:\n- kind: io.l5d.prometheus\n  path: /metrics\n  prefix: l5d_\n");
    FakeAdminState state = new FakeAdminState();
    state.metrics.scope("rt", "outgoing", "server", "127.0.0.1/4140").counter("requests").inc(9);
    try (AdminFixture admin =
        new AdminFixture(state, AdminSettings.defaults().withPrometheus(config))) {
      HttpResponse<String> response = admin.get("/metrics");
      assertEquals(200, response.statusCode());
      assertTrue(response.body().lines().anyMatch(
          "l5d_rt:server:requests{rt=\"outgoing\", server=\"127.0.0.1/4140\"} 9"::equals),
          response.body());
      assertEquals(404, admin.get("/admin/metrics/prometheus").statusCode());
    }
    Map<String, TelemeterPage> pages =
        new PrometheusTelemeterPlugin().newTelemeter(config, Metrics.newTree()).adminPages();
    assertEquals(java.util.Set.of("/metrics"), pages.keySet());
  }
}
