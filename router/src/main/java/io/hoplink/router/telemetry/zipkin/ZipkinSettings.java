package io.hoplink.router.telemetry.zipkin;

import io.hoplink.config.ConfigNode;
import io.hoplink.router.tracing.SpanReporter;
import io.vertx.core.Vertx;

/** What both Zipkin telemeters share: their defaults, bounds, and how a reporter is made. */
final class ZipkinSettings {
  /** Linkerd's and Finagle's default: one new trace in a thousand. */
  static final double DEFAULT_SAMPLE_RATE = 0.001;
  static final int CONNECT_TIMEOUT_MS = 1_000;
  /** A batch the collector has not taken by then is dropped (counted), and its connection too. */
  static final long SEND_TIMEOUT_MS = 5_000;

  /** A collector's address. */
  record HostPort(String host, int port) {}

  private ZipkinSettings() {}

  static SpanReporter reporter(Vertx vertx, SpanSender sender,
      io.hoplink.router.telemetry.Metrics scope) {
    return new ZipkinReporter(vertx, sender, scope, ZipkinReporter.QUEUE_SPANS,
        ZipkinReporter.BATCH_SPANS, ZipkinReporter.FLUSH_INTERVAL_MS, System::nanoTime);
  }

  static String host(ConfigNode node, String key, String fallback) {
    return node.get(key).map(n -> {
      String host = n.asString();
      if (host.isBlank()) {
        throw n.error("'' (expected: a host name or IP address)");
      }
      return host;
    }).orElse(fallback);
  }

  static int port(ConfigNode node, String key, int fallback) {
    return node.get(key).map(n -> {
      long port = n.asLong();
      if (port < 1 || port > 65535) {
        throw n.error(port + " (expected: 1 to 65535)");
      }
      return (int) port;
    }).orElse(fallback);
  }

  static double rate(ConfigNode node, String key, double fallback) {
    return node.get(key).map(n -> {
      double rate = n.asDouble();
      if (!(rate >= 0 && rate <= 1)) {
        throw n.error(rate + " (expected: 0 to 1)");
      }
      return rate;
    }).orElse(fallback);
  }

  static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
    }
  }

  static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("sampleRate: " + rate + " (expected: 0 to 1)");
    }
  }

  /** {@code host:port}, {@code [v6]:port}, or a host alone (then {@code defaultPort}). */
  static HostPort hostPort(String text, int defaultPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("'' (expected: host:port)");
    }
    String host = text;
    int port = defaultPort;
    int colon = text.lastIndexOf(':');
    boolean bracketed = text.startsWith("[");
    if (colon > 0 && (!bracketed || text.lastIndexOf(']') < colon)
        && (bracketed || text.indexOf(':') == colon)) {
      host = text.substring(0, colon);
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'" + text + "' (expected: host:port with a port of"
            + " 1 to 65535)");
      }
    }
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' (expected: host:port)");
    }
    return new HostPort(host, port);
  }
}
