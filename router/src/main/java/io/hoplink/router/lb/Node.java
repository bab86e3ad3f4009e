package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Address;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One endpoint as a balancer sees it: its address, the requests outstanding on it, its status
 * and its load metric's state. A node keeps its state while the endpoint stays in the set,
 * across discovery updates. A request is {@link #begin()} then exactly one {@link #end(long)}
 * (or {@link #end()} when its round-trip time should not count).
 */
public final class Node {
  /** Whether a node takes requests: failure accrual marks a node CLOSED while it is removed. */
  public enum Status { OPEN, BUSY, CLOSED }

  /** What a balancer's picking rule hears of a node's changes. */
  interface Listener {
    void loadChanged(Node node, int delta);

    void statusChanged(Node node);
  }

  private final Address address;
  private final NodeLoad metric;
  private final Listener listener;
  private final int token;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Status status = Status.OPEN;
  private volatile boolean probation;
  private final RecentErrors recentErrors = new RecentErrors();
  /** Attempts begun here, for /client_state.json and the graph's node-to-node edges. */
  private final LongAdder requests = new LongAdder();

  // Owned by HeapPicker, guarded by its lock: position in the heap and the key it sorted by.
  int heapIndex = -1;
  int heapRank;
  double heapLoad;

  Node(Address address, NodeLoad metric, Listener listener, int token) {
    this.address = requireNonNull(address, "address");
    this.metric = requireNonNull(metric, "metric");
    this.listener = requireNonNull(listener, "listener");
    this.token = token;
  }

  public Address address() {
    return address;
  }

  /** The endpoint's last upstream errors. */
  public RecentErrors recentErrors() {
    return recentErrors;
  }

  public Status status() {
    return status;
  }

  /** Set by whoever judges the node's health (failure accrual); balancers read it. */
  public void status(Status status) {
    requireNonNull(status, "status");
    if (this.status != status) {
      this.status = status;
      listener.statusChanged(this);
    }
  }

  public int pending() {
    return pending.get();
  }

  /** The requests (attempts) begun on this node since it joined the set. */
  public long requests() {
    return requests.sum();
  }

  /** What picking compares: the load metric (outstanding requests, or their cost) per weight. */
  public double load() {
    return metric.load(pending.get()) / address.weight();
  }

  /** The peak-EWMA round-trip cost in nanoseconds now, for metrics that keep one. */
  public OptionalDouble costNanos() {
    double cost = metric.costNanos();
    return Double.isNaN(cost) ? OptionalDouble.empty() : OptionalDouble.of(cost);
  }

  /** Whether discovery removed this endpoint and the balancer keeps it while it stays OPEN. */
  public boolean onProbation() {
    return probation;
  }

  void probation(boolean probation) {
    this.probation = probation;
  }

  /** A random number fixed for the node's life: aperture orders its window by it. */
  int token() {
    return token;
  }

  /** Marks a request started on this node. */
  public void begin() {
    requests.increment();
    pending.incrementAndGet();
    listener.loadChanged(this, 1);
  }

  /** Marks a request ended after {@code rttNanos}, which the load metric learns from. */
  public void end(long rttNanos) {
    metric.observe(Math.max(rttNanos, 1));
    end();
  }

  /** Marks a request ended without a round-trip time to learn from (it was cancelled). */
  public void end() {
    pending.decrementAndGet();
    listener.loadChanged(this, -1);
  }

  @Override
  public String toString() {
    return address.hostPort() + "(pending=" + pending.get() + ", " + status + ")";
  }
}
