package io.hoplink.router.telemetry.recent;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPlugin;
import java.util.Set;

/**
 * Keeps a sample of the most recent requests, shown at {@code /requests} on the admin port and
 * served as JSON at {@code /requests.json}: when, from where, the service name, the endpoint,
 * the status, the latency and the retries of each.
 *
 * <pre>
 * telemetry:
 * - kind: io.l5d.recentRequests
 *   sampleRate: 0.25   # required, 0.0 to 1.0: the share of requests kept
 *   capacity: 10       # how many are kept, the newest; default 10
 * </pre>
 */
public final class RecentRequestsTelemeterPlugin
    implements TelemeterPlugin<RecentRequestsTelemeterPlugin.Config> {
  public static final String KIND = "io.l5d.recentRequests";
  public static final int DEFAULT_CAPACITY = 10;
  /** A bound on memory: each entry is a few hundred bytes. */
  public static final int MAX_CAPACITY = 100_000;

  /** The parsed block. */
  public record Config(String kind, double sampleRate, int capacity) implements PluginConfig {
    public Config {
      kind = KIND;
      if (!(sampleRate >= 0 && sampleRate <= 1)) {
        throw new IllegalArgumentException("sampleRate " + sampleRate + " (expected: 0.0 to 1.0)");
      }
      if (capacity < 1 || capacity > MAX_CAPACITY) {
        throw new IllegalArgumentException(
            "capacity " + capacity + " (expected: 1 to " + MAX_CAPACITY + ")");
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Config parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("kind", "sampleRate", "capacity", "experimental"));
    node.get("experimental").ifPresent(ConfigNode::asBoolean);
    ConfigNode rate = node.required("sampleRate");
    double sampleRate = rate.asDouble();
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw rate.error(rate.asString() + " (expected: 0.0 to 1.0)");
    }
    int capacity = node.integer("capacity", DEFAULT_CAPACITY, 1);
    if (capacity > MAX_CAPACITY) {
      throw node.required("capacity").error(capacity + " (expected: at most " + MAX_CAPACITY
          + ")");
    }
    return new Config(KIND, sampleRate, capacity);
  }

  @Override
  public RecentRequestsTelemeter newTelemeter(Config config, Metrics metrics) {
    requireNonNull(config, "config");
    return new RecentRequestsTelemeter(config,
        RecentRequests.of(config.sampleRate(), config.capacity()));
  }
}
