package io.hoplink.router;

/**
 * nginx's smooth weighted round-robin over a fixed set of branches: each pick adds every
 * branch's weight to its current value, takes the largest (the first on a tie) and takes the
 * total off it. Over each {@code sum(weights)} picks, branch i is picked exactly
 * {@code weights[i]} times, spread out (9:1 gives one B in every ten, not ten in a row).
 * Thread-safe: one short lock per pick, no allocation.
 */
final class SmoothWeightedRoundRobin {
  /** Scaled weights stay below this, so no sum of them can overflow a long. */
  private static final double MAX_WHOLE = 1e12;
  private static final int MAX_DECIMALS = 6;

  private final long[] weights;
  private final long[] current;
  private final long total;

  /** @param weights each above 0 */
  SmoothWeightedRoundRobin(long[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights: none (expected: at least one)");
    }
    long sum = 0;
    for (long w : weights) {
      if (w <= 0) {
        throw new IllegalArgumentException("weight: " + w + " (expected: > 0)");
      }
      sum = Math.addExact(sum, w);
    }
    this.weights = weights.clone();
    this.current = new long[weights.length];
    this.total = sum;
  }

  /** The index of the next branch. */
  int next() {
    synchronized (current) {
      int best = 0;
      for (int i = 0; i < current.length; i++) {
        current[i] += weights[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      return best;
    }
  }

  /**
   * Dtab weights as whole numbers in the same ratios, reduced: written decimals exactly (0.9 and
   * 0.1 give 9 and 1; 0.7 is 7 though 0.7 * 10 is not exactly 7 in doubles), others to one part
   * in a million of the largest. A weight above 0 stays above 0.
   */
  static long[] wholeWeights(double[] weights) {
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    long[] out = new long[weights.length];
    if (max == 0) {
      return out;
    }
    double scale = 1;
    for (int decimals = 0; decimals <= MAX_DECIMALS && max * scale <= MAX_WHOLE; decimals++) {
      if (scaledExactly(weights, scale, out)) {
        return reduced(out);
      }
      scale *= 10;
    }
    for (int i = 0; i < weights.length; i++) {
      out[i] = weights[i] == 0 ? 0 : Math.max(1, Math.round(weights[i] / max * 1_000_000));
    }
    return reduced(out);
  }

  private static boolean scaledExactly(double[] weights, double scale, long[] out) {
    for (int i = 0; i < weights.length; i++) {
      double scaled = weights[i] * scale;
      long whole = Math.round(scaled);
      if (Math.abs(scaled - whole) > 1e-9 * Math.max(1, scaled) || (whole == 0 && scaled > 0)) {
        return false;
      }
      out[i] = whole;
    }
    return true;
  }

  private static long[] reduced(long[] weights) {
    long gcd = 0;
    for (long w : weights) {
      gcd = gcd(gcd, w);
    }
    if (gcd > 1) {
      for (int i = 0; i < weights.length; i++) {
        weights[i] /= gcd;
      }
    }
    return weights;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
