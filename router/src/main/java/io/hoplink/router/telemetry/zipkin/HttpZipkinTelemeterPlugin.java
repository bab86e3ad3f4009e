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
 * Spans to Zipkin's HTTP collector ({@code POST /api/v2/spans}, JSON v2), under the kind and keys
 * of linkerd-zipkin's {@code io.zipkin.http} telemeter plugin for Linkerd 1.x. Metrics under
 * {@code zipkin/http/}.
 *
 * <pre>
 * telemetry:
 * - kind: io.zipkin.http
 *   host: localhost:9411        # the default: the collector's host:port
 *   hostHeader: zipkin          # the default Host header
 *   compressionEnabled: true    # the default: gzip each batch
 *   initialSampleRate: 0.001    # the default: one trace in a thousand
 * </pre>
 */
public final class HttpZipkinTelemeterPlugin
    implements TracingTelemeterPlugin<HttpZipkinTelemeterPlugin.Config> {
  public static final String KIND = "io.zipkin.http";

  /** The parsed block; {@code host} is the collector's {@code host:port}. */
  public record Config(String kind, String host, String hostHeader, boolean compressionEnabled,
      double initialSampleRate) implements PluginConfig {
    public Config {
      kind = KIND;
      ZipkinSettings.hostPort(host, 9411);
      requireNonNull(hostHeader, "hostHeader");
      ZipkinSettings.checkRate(initialSampleRate);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "host", "hostHeader", "compressionEnabled",
        "initialSampleRate", "experimental"));
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    String host = node.string("host", "localhost:9411");
    try {
      ZipkinSettings.hostPort(host, 9411);
    } catch (IllegalArgumentException e) {
      throw node.required("host").error(e.getMessage());
    }
    return new Config(KIND, host, ZipkinSettings.host(node, "hostHeader", "zipkin"),
        node.bool("compressionEnabled", true),
        ZipkinSettings.rate(node, "initialSampleRate", ZipkinSettings.DEFAULT_SAMPLE_RATE));
  }

  @Override
  public Telemeter newTelemeter(Config config, Metrics metrics) {
    return Map::of; // it serves no admin page
  }

  @Override
  public double sampleRate(Config config) {
    return config.initialSampleRate();
  }

  @Override
  public SpanReporter newReporter(Config config, Metrics metrics, Vertx vertx) {
    requireNonNull(config, "config");
    ZipkinSettings.HostPort at = ZipkinSettings.hostPort(config.host(), 9411);
    SpanSender sender = new HttpSpanSender(vertx, at.host(), at.port(), config.hostHeader(),
        config.compressionEnabled(), ZipkinSettings.CONNECT_TIMEOUT_MS,
        ZipkinSettings.SEND_TIMEOUT_MS);
    return ZipkinSettings.reporter(vertx, sender, metrics.scope("zipkin", "http"));
  }
}
