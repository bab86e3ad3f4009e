package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A retry budget ({@code service.retries.budget}, {@code client.requeueBudget}): each request
 * deposits {@code percentCanRetry} of a token that lives {@code ttlSecs}; each retry withdraws one;
 * {@code minRetriesPerSec} is a floor.
 *
 * <pre>
 * budget: {ttlSecs: 10, minRetriesPerSec: 10, percentCanRetry: 0.2}
 * </pre>
 */
public record RetryBudgetConfig(Duration ttl, int minRetriesPerSec, double percentCanRetry)
    implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("ttlSecs", "minRetriesPerSec", "percentCanRetry");

  public RetryBudgetConfig {
    requireNonNull(ttl, "ttl");
  }

  /** Linkerd's default: ttlSecs 10, minRetriesPerSec 10, percentCanRetry 0.2. */
  public static RetryBudgetConfig defaults() {
    return new RetryBudgetConfig(Duration.ofSeconds(10), 10, 0.2);
  }

  static RetryBudgetConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    return new RetryBudgetConfig(
        Duration.ofSeconds(Bounds.integer(node, "ttlSecs", 10, 1, 60)),
        Bounds.integer(node, "minRetriesPerSec", 10, 0, Integer.MAX_VALUE),
        Bounds.number(node, "percentCanRetry", 0.2, 0, 1000));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ttlSecs", ttl.toSeconds());
    out.put("minRetriesPerSec", minRetriesPerSec);
    out.put("percentCanRetry", percentCanRetry);
    return out;
  }
}
