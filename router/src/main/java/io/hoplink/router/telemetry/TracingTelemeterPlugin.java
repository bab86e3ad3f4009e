package io.hoplink.router.telemetry;

import io.hoplink.config.PluginConfig;
import io.hoplink.router.tracing.SpanReporter;
import io.vertx.core.Vertx;

/**
 * A telemeter kind that records traces ({@code io.l5d.zipkin}, {@code io.zipkin.http}): the
 * process's {@link io.hoplink.router.tracing.Tracer} hands it the spans of sampled requests.
 *
 * @param <C> the parsed config record of the kind
 */
public interface TracingTelemeterPlugin<C extends PluginConfig> extends TelemeterPlugin<C> {
  /** The share of new traces to record, 0 to 1, when a request does not decide itself. */
  double sampleRate(C config);

  /**
   * Starts sending spans to the collector: queued without blocking, sent in batches from an event
   * loop of {@code vertx}, counted under {@code metrics}.
   */
  SpanReporter newReporter(C config, Metrics metrics, Vertx vertx);

  @SuppressWarnings("unchecked")
  default double sampleRateUnchecked(PluginConfig config) {
    return sampleRate((C) config);
  }

  @SuppressWarnings("unchecked")
  default SpanReporter newReporterUnchecked(PluginConfig config, Metrics metrics, Vertx vertx) {
    return newReporter((C) config, metrics, vertx);
  }
}
