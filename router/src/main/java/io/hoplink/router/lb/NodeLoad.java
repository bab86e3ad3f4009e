package io.hoplink.router.lb;

/** A load metric's state for one node: read on every pick, fed by every finished request. */
interface NodeLoad {
  /** The node's load given its outstanding requests; lower is better. */
  double load(int pending);

  /** A request on the node finished after {@code rttNanos} (at least 1). */
  void observe(long rttNanos);

  /** The round-trip cost in nanoseconds now, or NaN for metrics without one. */
  double costNanos();
}
