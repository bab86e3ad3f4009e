package io.hoplink.router.lb;

import java.time.Duration;
import java.util.function.LongSupplier;

/** How a balancer measures a node's load: one half of a balancer, the picking rule the other. */
interface LoadMetric {
  /** The state of a new node. */
  NodeLoad newNode();

  /** Outstanding requests: a node's load is its pending count. */
  static LoadMetric leastLoaded() {
    return LeastLoaded.INSTANCE;
  }

  /** Peak-EWMA of round-trip time times (pending + 1), decaying over {@code decayTime}. */
  static LoadMetric peakEwma(Duration decayTime, LongSupplier nanoTime) {
    return new PeakEwma(decayTime, nanoTime);
  }
}
