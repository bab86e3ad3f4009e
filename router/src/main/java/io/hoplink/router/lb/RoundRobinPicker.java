package io.hoplink.router.lb;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cycles through the nodes in order, ignoring load and weight (as Finagle's round robin); the
 * balancer's maxEffort moves past nodes that are not OPEN.
 */
final class RoundRobinPicker implements Picker {
  private final AtomicInteger next = new AtomicInteger();
  private volatile Node[] nodes = new Node[0];

  @Override
  public Node pick() {
    Node[] current = nodes;
    int n = current.length;
    if (n == 0) {
      return null;
    }
    return current[Math.floorMod(next.getAndIncrement(), n)];
  }

  @Override
  public void rebuild(Node[] nodes) {
    this.nodes = nodes;
  }

  @Override
  public String toString() {
    return "RoundRobin";
  }
}
