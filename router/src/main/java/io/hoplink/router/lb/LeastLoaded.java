package io.hoplink.router.lb;

/** The least-loaded metric keeps no state: one instance serves every node. */
final class LeastLoaded implements LoadMetric, NodeLoad {
  static final LeastLoaded INSTANCE = new LeastLoaded();

  private LeastLoaded() {}

  @Override
  public NodeLoad newNode() {
    return this;
  }

  @Override
  public double load(int pending) {
    return pending;
  }

  @Override
  public void observe(long rttNanos) {}

  @Override
  public double costNanos() {
    return Double.NaN;
  }

  @Override
  public String toString() {
    return "LeastLoaded";
  }
}
