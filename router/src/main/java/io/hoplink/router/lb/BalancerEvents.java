package io.hoplink.router.lb;

/**
 * What a balancer reports as it works, for the client's {@code loadbalancer/} counters. Called
 * from discovery updates and, for {@link #maxEffortExhausted}, from pick on any event loop.
 */
public interface BalancerEvents {
  BalancerEvents NONE = new BalancerEvents() {
    @Override
    public void added(int count) {}

    @Override
    public void removed(int count) {}

    @Override
    public void maxEffortExhausted() {}
  };

  /** Nodes that joined the set. */
  void added(int count);

  /** Nodes that left the set (probation: when they leave the balancer, not discovery). */
  void removed(int count);

  /** maxEffort picks found no OPEN node; the balancer fell back to its best node. */
  void maxEffortExhausted();
}
