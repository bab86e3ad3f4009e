package io.hoplink.router.resilience;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.RetryBudgetConfig;
import java.util.function.LongSupplier;

/**
 * How many retries (or requeues) may be sent, as Finagle budgets them: each request deposits
 * {@code percentCanRetry} of a token, each retry withdraws a whole one, deposits and withdrawals
 * count for {@code ttl}, and {@code minRetriesPerSec × ttl} tokens are always there on top.
 * Safe to use from several threads.
 *
 * <pre>
 * retries:
 *   budget: {ttlSecs: 10, minRetriesPerSec: 10, percentCanRetry: 0.2}
 * </pre>
 */
public interface RetryBudget {

  /** A request was sent: it adds its share of a retry. */
  void deposit();

  /** Takes one retry if the budget holds one. */
  boolean tryWithdraw();

  /** Whole retries the budget holds now. */
  long balance();

  static RetryBudget of(RetryBudgetConfig config, LongSupplier nanoTime) {
    requireNonNull(config, "config");
    return new TokenRetryBudget(config.ttl().toNanos(), config.minRetriesPerSec(),
        config.percentCanRetry(), requireNonNull(nanoTime, "nanoTime"));
  }
}
