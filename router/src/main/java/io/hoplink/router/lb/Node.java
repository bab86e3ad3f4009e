package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Address;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint as a balancer sees it: its address and the requests outstanding on it. A node
 * keeps its state while the endpoint stays in the set, across discovery updates.
 */
public final class Node {
  /** Whether a node takes requests: failure accrual marks a node CLOSED while it is removed. */
  public enum Status { OPEN, BUSY, CLOSED }

  private final Address address;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Status status = Status.OPEN;

  Node(Address address) {
    this.address = requireNonNull(address, "address");
  }

  public Address address() {
    return address;
  }

  public Status status() {
    return status;
  }

  /** Set by whoever judges the node's health (failure accrual); balancers read it. */
  public void status(Status status) {
    this.status = java.util.Objects.requireNonNull(status, "status");
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
