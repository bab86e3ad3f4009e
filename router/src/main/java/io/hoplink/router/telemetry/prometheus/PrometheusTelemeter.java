package io.hoplink.router.telemetry.prometheus;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Telemeter;
import io.hoplink.router.telemetry.TelemeterPage;
import java.util.Map;
import java.util.function.Consumer;

/** The running io.l5d.prometheus telemeter: one admin page rendered from the live tree. */
final class PrometheusTelemeter implements Telemeter, TelemeterPage {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusTelemeterPlugin.Config config;
  private final PrometheusText text;

  PrometheusTelemeter(PrometheusTelemeterPlugin.Config config, Metrics metrics) {
    this.config = config;
    this.text = new PrometheusText(metrics, config.prefix());
  }

  @Override
  public Map<String, TelemeterPage> adminPages() {
    return Map.of(config.path(), this);
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public void render(StringBuilder out) {
    text.render(out);
  }

  @Override
  public void render(StringBuilder out, Consumer<StringBuilder> part) {
    text.render(out, part);
  }
}
