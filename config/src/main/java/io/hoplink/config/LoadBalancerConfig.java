package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code client.loadBalancer}: the closed set of Linkerd balancers, each with its parameters.
 *
 * <pre>
 * loadBalancer:
 *   kind: ewma             # p2c (default), ewma, aperture, heap, roundRobin
 *   decayTimeMs: 10000
 *   maxEffort: 5
 *   enableProbation: false
 * </pre>
 */
public sealed interface LoadBalancerConfig extends PlainRenderable {
  String kind();

  boolean enableProbation();

  /** Linkerd's default balancer: {@code {kind: p2c}}. */
  static LoadBalancerConfig defaults() {
    return new P2c(5, false);
  }

  /** Power of two choices, least loaded. */
  record P2c(int maxEffort, boolean enableProbation) implements LoadBalancerConfig {
    public String kind() {
      return "p2c";
    }
  }

  /** Power of two choices over a peak-sensitive moving average of latency. */
  record Ewma(Duration decayTime, int maxEffort, boolean enableProbation) implements LoadBalancerConfig {
    public Ewma {
      requireNonNull(decayTime, "decayTime");
    }

    public String kind() {
      return "ewma";
    }
  }

  /** Power of two choices within a window of nodes sized to the load. */
  record Aperture(Duration smoothWindow, int maxEffort, double lowLoad, double highLoad,
      int minAperture, boolean enableProbation) implements LoadBalancerConfig {
    public Aperture {
      requireNonNull(smoothWindow, "smoothWindow");
    }

    public String kind() {
      return "aperture";
    }
  }

  /** A min-heap on outstanding requests. */
  record Heap(boolean enableProbation) implements LoadBalancerConfig {
    public String kind() {
      return "heap";
    }
  }

  record RoundRobin(int maxEffort, boolean enableProbation) implements LoadBalancerConfig {
    public String kind() {
      return "roundRobin";
    }
  }

  @Override
  default Map<String, Object> toPlain() {
    Map<String, Object> out = PlainRenderer.renderRecord(this);
    Map<String, Object> withKind = new LinkedHashMap<>();
    withKind.put("kind", kind());
    withKind.putAll(out);
    return withKind;
  }

  static LoadBalancerConfig parse(ConfigNode node) {
    String kind = node.required("kind").asString();
    ConfigNode n = node.withKind(kind);
    boolean probation = n.bool("enableProbation", false);
    return switch (kind) {
      case "p2c" -> {
        n.requireOnlyKeys(Set.of("kind", "enableProbation", "maxEffort"));
        yield new P2c(maxEffort(n), probation);
      }
      case "ewma" -> {
        n.requireOnlyKeys(Set.of("kind", "enableProbation", "maxEffort", "decayTimeMs"));
        yield new Ewma(Bounds.positiveMillis(n, "decayTimeMs", Duration.ofSeconds(10)), maxEffort(n), probation);
      }
      case "aperture" -> {
        n.requireOnlyKeys(Set.of("kind", "enableProbation", "maxEffort", "smoothWindowMs", "lowLoad",
            "highLoad", "minAperture"));
        double low = Bounds.number(n, "lowLoad", 0.5, 0, Double.MAX_VALUE);
        double high = Bounds.number(n, "highLoad", 2.0, 0, Double.MAX_VALUE);
        if (low >= high) {
          throw n.error("lowLoad " + low + " must be below highLoad " + high);
        }
        yield new Aperture(Bounds.positiveMillis(n, "smoothWindowMs", Duration.ofSeconds(5)), maxEffort(n),
            low, high, Bounds.integer(n, "minAperture", 1, 1, Integer.MAX_VALUE), probation);
      }
      case "heap" -> {
        n.requireOnlyKeys(Set.of("kind", "enableProbation"));
        yield new Heap(probation);
      }
      case "roundRobin" -> {
        n.requireOnlyKeys(Set.of("kind", "enableProbation", "maxEffort"));
        yield new RoundRobin(maxEffort(n), probation);
      }
      default -> throw node.required("kind").error("unknown loadBalancer kind '" + kind
          + "' (known kinds: aperture, ewma, heap, p2c, roundRobin)");
    };
  }

  private static int maxEffort(ConfigNode node) {
    return Bounds.integer(node, "maxEffort", 5, 1, Integer.MAX_VALUE);
  }
}
