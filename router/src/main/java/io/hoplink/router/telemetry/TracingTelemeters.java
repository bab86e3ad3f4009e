package io.hoplink.router.telemetry;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.router.tracing.SpanReporter;
import io.hoplink.router.tracing.Tracer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The process's tracer from its {@code telemetry} list: one reporter per tracing telemeter. */
public final class TracingTelemeters {
  private TracingTelemeters() {}

  /**
   * A tracer over every tracing telemeter in {@code telemetry}, sampling new traces at the
   * highest of their rates; {@link Tracer#NOOP} when there is none. Two telemeters of one kind
   * are refused: their metrics would be one.
   */
  public static Tracer tracer(List<PluginConfig> telemetry, PluginRegistry<?> registry,
      Metrics metrics, Vertx vertx) {
    List<SpanReporter> reporters = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    double rate = 0;
    try {
      for (int i = 0; i < telemetry.size(); i++) {
        PluginConfig config = telemetry.get(i);
        if (!registry.has(config.kind())
            || !(registry.of(config) instanceof TracingTelemeterPlugin<?> plugin)) {
          continue;
        }
        if (!kinds.add(config.kind())) {
          throw new ConfigException("telemetry[" + i + "]", "telemetry[" + i + "] ("
              + config.kind() + "): a second " + config.kind() + " telemeter (hoplink sends to one"
              + " collector per kind)");
        }
        rate = Math.max(rate, plugin.sampleRateUnchecked(config));
        reporters.add(plugin.newReporterUnchecked(config, metrics, vertx));
      }
    } catch (RuntimeException e) {
      reporters.forEach(SpanReporter::close);
      throw e;
    }
    return Tracer.sampling(reporters, rate);
  }
}
