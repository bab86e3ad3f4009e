package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {
  @Test
  void picksInNginxsOrder() {
    // nginx's own example: weights 5, 1, 1 give a a b a c a a.
    SmoothWeightedRoundRobin order = new SmoothWeightedRoundRobin(new long[] {5, 1, 1});
    assertArrayEquals(new int[] {0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0}, next(order, 14));
    SmoothWeightedRoundRobin ninetyTen = new SmoothWeightedRoundRobin(new long[] {9, 1});
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, next(ninetyTen, 10));
  }

  @Test
  void writtenDecimalsBecomeExactWholeWeights() {
    assertArrayEquals(new long[] {9, 1}, whole(0.9, 0.1));
    assertArrayEquals(new long[] {7, 3}, whole(0.7, 0.3));
    assertArrayEquals(new long[] {333, 667}, whole(0.333, 0.667));
    assertArrayEquals(new long[] {1, 2}, whole(2.0, 4.0));
    assertArrayEquals(new long[] {1, 0}, whole(1.0, 0.0));
    assertArrayEquals(new long[] {0, 0}, whole(0.0, 0.0));
  }

  @Test
  void otherWeightsKeepTheirRatioToAMillionth() {
    assertArrayEquals(new long[] {1, 2}, whole(1 / 3.0, 2 / 3.0));
    assertArrayEquals(new long[] {1, 1_000_000}, whole(1e-9, 1), "above 0 stays above 0");
    assertArrayEquals(new long[] {1_000_000, 1}, whole(1e15, 1));
  }

  @Test
  void weightsMustBeAboveZero() {
    assertThrows(IllegalArgumentException.class,
        () -> new SmoothWeightedRoundRobin(new long[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> new SmoothWeightedRoundRobin(new long[0]));
  }

  private static long[] whole(double... weights) {
    return SmoothWeightedRoundRobin.wholeWeights(weights);
  }

  private static int[] next(SmoothWeightedRoundRobin order, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order.next();
    }
    return out;
  }
}
