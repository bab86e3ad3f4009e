package io.hoplink.router.telemetry.recent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPage;
import io.hoplink.router.telemetry.TelemeterPlugin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RecentRequestsTelemeterPluginTest {
  private static PluginConfig parse(String yaml) {
    PluginRegistry<TelemeterPlugin<?>> registry =
        PluginRegistry.of(TelemeterPlugin.FAMILY, new RecentRequestsTelemeterPlugin());
    return registry.parse(YamlLoader.load(yaml).required("telemetry").elements().get(0));
  }

  @Test
  void serviceLoaderFindsIt() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    PluginRegistry<TelemeterPlugin<?>> registry =
        (PluginRegistry) PluginRegistry.load(TelemeterPlugin.FAMILY, TelemeterPlugin.class);
    assertTrue(registry.kinds().contains("io.l5d.recentRequests"), registry.kinds().toString());
  }

  @Test
  void parsesSampleRateAndCapacityWithLinkerdsDefault() {
    assertEquals(new RecentRequestsTelemeterPlugin.Config("io.l5d.recentRequests", 0.25, 10),
        parse("telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 0.25\n"));
    assertEquals(new RecentRequestsTelemeterPlugin.Config("io.l5d.recentRequests", 1.0, 500),
        parse("telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 1\n  capacity: 500\n"
            + "  experimental: true\n"));
  }

  @Test
  void rejectsBadConfigWithItsPath() {
    ConfigException high = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 1.5\n"));
    assertEquals("telemetry[0].sampleRate (io.l5d.recentRequests): 1.5 (expected: 0.0 to 1.0)"
        + " at 3:15", high.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.recentRequests\n  capacity: 5\n"));
    assertTrue(missing.getMessage().contains("sampleRate"), missing.getMessage());
    ConfigException empty = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 1\n  capacity: 0\n"));
    assertTrue(empty.getMessage().startsWith("telemetry[0].capacity (io.l5d.recentRequests)"),
        empty.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> parse("telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 1\n  size: 5\n"));
    assertTrue(unknown.getMessage().contains("unknown key 'size'"), unknown.getMessage());
  }

  @Test
  void servesWhatTheRoutersKeptAsJson() {
    RecentRequestsTelemeter telemeter = new RecentRequestsTelemeterPlugin().newTelemeter(
        new RecentRequestsTelemeterPlugin.Config("io.l5d.recentRequests", 1.0, 2),
        Metrics.newTree());
    telemeter.ring().add(new RecentRequest(0, "outgoing", "127.0.0.1:1", "GET", "/svc/a",
        "/#/io.l5d.fs/a", "10.0.0.1:80", 503, 2_000_000, 1));
    TelemeterPage page = telemeter.adminPages().get("/requests.json");
    StringBuilder out = new StringBuilder();
    page.render(out);
    JsonObject json = new JsonObject(out.toString());
    assertEquals(1.0, json.getDouble("sampleRate"));
    assertEquals(2, json.getInteger("capacity"));
    JsonObject first = json.getJsonArray("requests").getJsonObject(0);
    assertEquals("/svc/a", first.getString("service"));
    assertEquals("10.0.0.1:80", first.getString("endpoint"));
    assertEquals(503, first.getInteger("status"));
    assertEquals(1, first.getInteger("retries"));
    assertEquals(2.0, first.getDouble("latencyMs"));
  }
}
