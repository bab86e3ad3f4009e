package io.hoplink.router.admin;

import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;

/**
 * Where and how the admin server listens. The router glue maps the {@code admin:} block and an
 * {@code io.l5d.prometheus} telemeter, if any, onto this record.
 *
 * @param ip the address to bind; default loopback
 * @param port the port; 0 picks a free one
 * @param controlEnabled whether {@code POST /admin/shutdown} is allowed
 * @param uiEnabled whether the HTML pages ({@code /} and {@code /help}) are served
 * @param prometheusPath where the Prometheus text is served
 * @param prometheusPrefix prepended to every Prometheus metric name
 */
public record AdminSettings(String ip, int port, boolean controlEnabled, boolean uiEnabled,
    String prometheusPath, String prometheusPrefix) {
  public static final String DEFAULT_IP = "127.0.0.1";
  public static final int DEFAULT_PORT = 9990;

  public AdminSettings {
    ip = ip == null || ip.isBlank() ? DEFAULT_IP : ip;
    prometheusPath = prometheusPath == null ? PrometheusTelemeterPlugin.DEFAULT_PATH : prometheusPath;
    prometheusPrefix = prometheusPrefix == null ? "" : prometheusPrefix;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " (expected: 0 to 65535)");
    }
    if (!prometheusPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "prometheusPath '" + prometheusPath + "' (expected: a path starting with '/')");
    }
  }

  /** Linkerd's defaults: 127.0.0.1:9990, control and UI enabled, Prometheus at its default path. */
  public static AdminSettings defaults() {
    return new AdminSettings(DEFAULT_IP, DEFAULT_PORT, true, true, null, null);
  }

  public AdminSettings withPort(int port) {
    return new AdminSettings(ip, port, controlEnabled, uiEnabled, prometheusPath, prometheusPrefix);
  }

  public AdminSettings withControlEnabled(boolean enabled) {
    return new AdminSettings(ip, port, enabled, uiEnabled, prometheusPath, prometheusPrefix);
  }

  public AdminSettings withUiEnabled(boolean enabled) {
    return new AdminSettings(ip, port, controlEnabled, enabled, prometheusPath, prometheusPrefix);
  }

  /** Serves Prometheus as a configured {@code io.l5d.prometheus} telemeter says. */
  public AdminSettings withPrometheus(PrometheusTelemeterPlugin.Config telemeter) {
    return new AdminSettings(ip, port, controlEnabled, uiEnabled, telemeter.path(),
        telemeter.prefix());
  }
}
