package io.hoplink.router.telemetry.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.codahale.metrics.Counter;
import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPlugin;
import io.hoplink.router.telemetry.TracingTelemeters;
import io.hoplink.router.tracing.SpanReporter;
import io.hoplink.router.tracing.Tracer;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** io.l5d.zipkin (Scribe) and io.zipkin.http: registered, parsed, refused, and sending. */
class ZipkinTelemeterPluginsTest {
  private static final PluginRegistry<TelemeterPlugin<?>> REGISTRY = PluginRegistry.of(
      TelemeterPlugin.FAMILY, new ScribeZipkinTelemeterPlugin(), new HttpZipkinTelemeterPlugin());
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static PluginConfig parse(String block) {
    return REGISTRY.parse(YamlLoader.load("telemetry:\n- " + block.strip().indent(2).strip()
        + "\n").required("telemetry").elements().get(0));
  }

  private static List<PluginConfig> telemetry(String yaml) {
    return YamlLoader.load(yaml).required("telemetry").elements().stream()
        .map(REGISTRY::parse).toList();
  }

  @Test
  void serviceLoaderFindsBothKinds() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    PluginRegistry<TelemeterPlugin<?>> loaded =
        (PluginRegistry) PluginRegistry.load(TelemeterPlugin.FAMILY, TelemeterPlugin.class);
    assertTrue(loaded.kinds().containsAll(List.of("io.l5d.zipkin", "io.zipkin.http")),
        loaded.kinds().toString());
  }

  @Test
  void parsesWithLinkerdsDefaults() {
    assertEquals(new ScribeZipkinTelemeterPlugin.Config("io.l5d.zipkin", "localhost", 9410,
        0.001), parse("kind: io.l5d.zipkin"));
    assertEquals(new ScribeZipkinTelemeterPlugin.Config("io.l5d.zipkin", "zipkin-collector", 9999,
        1.0), parse("kind: io.l5d.zipkin\nhost: zipkin-collector\nport: 9999\nsampleRate: 1.0\n"
        + "experimental: false"));
    assertEquals(new HttpZipkinTelemeterPlugin.Config("io.zipkin.http", "localhost:9411",
        "zipkin", true, 0.001), parse("kind: io.zipkin.http"));
    assertEquals(new HttpZipkinTelemeterPlugin.Config("io.zipkin.http", "[::1]:9412", "z", false,
        0.5), parse("kind: io.zipkin.http\nhost: '[::1]:9412'\nhostHeader: z\n"
        + "compressionEnabled: false\ninitialSampleRate: 0.5"));
    assertEquals(new ZipkinSettings.HostPort("::1", 9412), ZipkinSettings.hostPort("[::1]:9412",
        9411));
    assertEquals(new ZipkinSettings.HostPort("zipkin", 9411), ZipkinSettings.hostPort("zipkin",
        9411));
  }

  @Test
  void rejectsBadConfigWithItsPath() {
    ConfigException rate = assertThrows(ConfigException.class,
        () -> parse("kind: io.l5d.zipkin\nsampleRate: 1.5"));
    assertEquals("telemetry[0].sampleRate (io.l5d.zipkin): 1.5 (expected: 0 to 1) at 3:15",
        rate.getMessage());
    ConfigException port = assertThrows(ConfigException.class,
        () -> parse("kind: io.l5d.zipkin\nport: 0"));
    assertTrue(port.getMessage().startsWith("telemetry[0].port (io.l5d.zipkin): 0 (expected: 1 "
        + "to 65535)"), port.getMessage());
    ConfigException host = assertThrows(ConfigException.class,
        () -> parse("kind: io.zipkin.http\nhost: 'zipkin:http'"));
    assertTrue(host.getMessage().startsWith("telemetry[0].host (io.zipkin.http): 'zipkin:http' "
        + "(expected: host:port with a port of 1 to 65535)"), host.getMessage());
    ConfigException key = assertThrows(ConfigException.class,
        () -> parse("kind: io.zipkin.http\nsampleRate: 1"));
    assertTrue(key.getMessage().startsWith("telemetry[0].sampleRate (io.zipkin.http): unknown key"),
        key.getMessage());
    ConfigException twice = assertThrows(ConfigException.class, () -> TracingTelemeters.tracer(
        telemetry("telemetry:\n- {kind: io.l5d.zipkin}\n- {kind: io.l5d.zipkin, port: 1}\n"),
        REGISTRY, Metrics.newTree(), vertx));
    assertTrue(twice.getMessage().startsWith("telemetry[1] (io.l5d.zipkin): a second"),
        twice.getMessage());
  }

  @Test
  void aTracerWithoutTracingTelemetersIsTheNoopOne() {
    assertTrue(TracingTelemeters.tracer(List.of(), REGISTRY, Metrics.newTree(), vertx)
        == Tracer.NOOP);
  }

  @Test
  void theScribeTelemeterSendsToItsCollector() throws Exception {
    try (ScribeReceiver collector = new ScribeReceiver()) {
      Metrics metrics = Metrics.newTree();
      ScribeZipkinTelemeterPlugin plugin = new ScribeZipkinTelemeterPlugin();
      SpanReporter reporter = plugin.newReporter((ScribeZipkinTelemeterPlugin.Config) parse(
          "kind: io.l5d.zipkin\nhost: 127.0.0.1\nport: " + collector.port()), metrics, vertx);
      reporter.report(Spans.server(7));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (collector.spans.isEmpty()
          || ((Counter) metrics.snapshot().get("zipkin/scribe/spans_sent")).getCount() != 1) {
        if (System.nanoTime() > deadline) {
          fail("the span did not arrive within 10 s: " + metrics.snapshot().keySet());
        }
        Thread.sleep(10);
      }
      assertEquals("0000000000000007", collector.spans.get(0).id());
      reporter.close();
    }
  }
}
