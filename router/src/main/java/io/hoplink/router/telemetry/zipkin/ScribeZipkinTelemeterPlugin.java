package io.hoplink.router.telemetry.zipkin;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Telemeter;
import io.hoplink.router.telemetry.TracingTelemeterPlugin;
import io.hoplink.router.tracing.SpanReporter;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;

/**
 * Linkerd's Zipkin telemeter: spans to a Zipkin Scribe collector (Thrift over TCP, as Linkerd's
 * Finagle tracer sends them; Zipkin's collector listens for Scribe on 9410 when
 * {@code SCRIBE_ENABLED=true}). Metrics under {@code zipkin/scribe/}.
 *
 * <pre>
 * telemetry:
 * - kind: io.l5d.zipkin
 *   host: localhost     # the default
 *   port: 9410          # the default
 *   sampleRate: 0.001   # the default: one trace in a thousand
 * </pre>
 */
public final class ScribeZipkinTelemeterPlugin
    implements TracingTelemeterPlugin<ScribeZipkinTelemeterPlugin.Config> {
  public static final String KIND = "io.l5d.zipkin";

  /** The parsed block: the collector's address and the sample rate of new traces. */
  public record Config(String kind, String host, int port, double sampleRate)
      implements PluginConfig {
    public Config {
      kind = KIND;
      requireNonNull(host, "host");
      ZipkinSettings.checkPort(port);
      ZipkinSettings.checkRate(sampleRate);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "host", "port", "sampleRate", "experimental"));
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    return new Config(KIND, ZipkinSettings.host(node, "host", "localhost"),
        ZipkinSettings.port(node, "port", 9410),
        ZipkinSettings.rate(node, "sampleRate", ZipkinSettings.DEFAULT_SAMPLE_RATE));
  }

  @Override
  public Telemeter newTelemeter(Config config, Metrics metrics) {
    return Map::of; // it serves no admin page
  }

  @Override
  public double sampleRate(Config config) {
    return config.sampleRate();
  }

  @Override
  public SpanReporter newReporter(Config config, Metrics metrics, Vertx vertx) {
    requireNonNull(config, "config");
    SpanSender sender = new ScribeSender(vertx, config.host(), config.port(),
        ZipkinSettings.CONNECT_TIMEOUT_MS, ZipkinSettings.SEND_TIMEOUT_MS);
    return ZipkinSettings.reporter(vertx, sender, metrics.scope("zipkin", "scribe"));
  }
}
