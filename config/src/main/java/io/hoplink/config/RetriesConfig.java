package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code service.retries}: how many retryable failures may be retried, and how long to wait.
 *
 * <pre>
 * retries:
 *   budget: {ttlSecs: 15, minRetriesPerSec: 5, percentCanRetry: 0.5}
 *   backoff: {kind: jittered, minMs: 10, maxMs: 10000}
 * </pre>
 */
public record RetriesConfig(RetryBudgetConfig budget, BackoffConfig backoff) implements PlainRenderable {

  public RetriesConfig {
    requireNonNull(budget, "budget");
    requireNonNull(backoff, "backoff");
  }

  /** Linkerd's default: the default budget, retried at once (constant 0 ms). */
  public static RetriesConfig defaults() {
    return new RetriesConfig(RetryBudgetConfig.defaults(), new BackoffConfig.Constant(Duration.ZERO));
  }

  static RetriesConfig parse(ConfigNode node) {
    node.requireOnlyKeys(Set.of("budget", "backoff"));
    return new RetriesConfig(
        node.get("budget").map(RetryBudgetConfig::parse).orElse(RetryBudgetConfig.defaults()),
        node.get("backoff").map(BackoffConfig::parse).orElse(defaults().backoff()));
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("budget", budget.toPlain());
    out.put("backoff", backoff.toPlain());
    return out;
  }
}
