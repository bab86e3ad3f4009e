package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Finagle's peak-EWMA: a node's cost is a moving average of its round-trip times that jumps to
 * any RTT above it and otherwise decays towards newer RTTs with weight
 * {@code w = exp(-dt / decayTime)}; between observations it decays towards zero, so a node left
 * alone for its past slowness is tried again. Load is cost × (pending + 1); a node never probed
 * that already has a request outstanding is penalised so it gets one probe at a time.
 */
final class PeakEwma implements LoadMetric {
  /** Far above any real cost (Finagle's value): an unprobed node with work waits for its probe. */
  static final double PENALTY = Long.MAX_VALUE >> 16;

  private final double tau;
  private final LongSupplier nanoTime;
  private final long epoch;

  PeakEwma(Duration decayTime, LongSupplier nanoTime) {
    this.tau = requireNonNull(decayTime, "decayTime").toNanos();
    if (tau <= 0) {
      throw new IllegalArgumentException("decayTime must be > 0: " + decayTime);
    }
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.epoch = nanoTime.getAsLong();
  }

  @Override
  public NodeLoad newNode() {
    return new Cost();
  }

  @Override
  public String toString() {
    return "PeakEwma(decayTime=" + Duration.ofNanos((long) tau) + ")";
  }

  private final class Cost implements NodeLoad {
    private double cost; // guarded by this, as is stamp
    private long stamp = epoch;
    // ln(cost) + (stamp - epoch) / tau: one volatile double gives pick a consistent, lock-free
    // view of (cost, stamp), since the decayed cost at t is exp(logged - (t - epoch) / tau).
    private volatile double logged = Double.NEGATIVE_INFINITY;

    @Override
    public double load(int pending) {
      double l = logged;
      if (l == Double.NEGATIVE_INFINITY) {
        return pending == 0 ? 0 : PENALTY + pending;
      }
      return Math.exp(l - (nanoTime.getAsLong() - epoch) / tau) * (pending + 1);
    }

    @Override
    public synchronized void observe(long rttNanos) {
      long now = nanoTime.getAsLong();
      double w = Math.exp(-Math.max(now - stamp, 0) / tau);
      double decayed = cost * w;
      cost = rttNanos > decayed ? rttNanos : decayed + rttNanos * (1 - w);
      stamp = now;
      logged = Math.log(cost) + (now - epoch) / tau;
    }

    @Override
    public double costNanos() {
      double l = logged;
      return l == Double.NEGATIVE_INFINITY ? 0 : Math.exp(l - (nanoTime.getAsLong() - epoch) / tau);
    }
  }
}
