package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Address;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint as a balancer sees it: its address and the requests outstanding on it. A node
 * keeps its state while the endpoint stays in the set, across discovery updates.
 */
public final class Node {
  private final Address address;
  private final AtomicInteger pending = new AtomicInteger();

  Node(Address address) {
    this.address = requireNonNull(address, "address");
  }

  public Address address() {
    return address;
  }

  public int pending() {
    return pending.get();
  }

  /** Outstanding requests divided by weight: what least-loaded picking compares. */
  double load() {
    return pending.get() / address.weight();
  }

  /** Marks a request started on this node; call {@link #end()} exactly once when it ends. */
  public void begin() {
    pending.incrementAndGet();
  }

  public void end() {
    pending.decrementAndGet();
  }

  @Override
  public String toString() {
    return address.hostPort() + "(pending=" + pending.get() + ")";
  }
}
