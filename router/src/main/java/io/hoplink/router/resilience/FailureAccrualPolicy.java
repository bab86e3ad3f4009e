package io.hoplink.router.resilience;

/**
 * Judges one endpoint from the outcomes of its requests (Finagle's FailureAccrualPolicy): when
 * to remove it, and for how long. One instance per endpoint; called under the endpoint's lock.
 */
public interface FailureAccrualPolicy {

  void recordSuccess();

  /**
   * Records a failure; returns how many milliseconds to remove the endpoint for, or -1 to keep
   * it. Successive removals without a revival in between walk the backoff on.
   */
  long markDeadOnFailure();

  /** A probe succeeded and the endpoint is back: start afresh (counts and backoff). */
  void revived();

  /** Never removes anything ({@code kind: none}). */
  static FailureAccrualPolicy never() {
    return NeverPolicy.INSTANCE;
  }

  /** The policy of {@code kind: none}. */
  enum NeverPolicy implements FailureAccrualPolicy {
    INSTANCE;

    @Override
    public void recordSuccess() {}

    @Override
    public long markDeadOnFailure() {
      return -1;
    }

    @Override
    public void revived() {}
  }
}
