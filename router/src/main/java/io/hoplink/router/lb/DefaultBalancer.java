package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A load metric times a picking rule, with what every balancer shares: the node set kept
 * across updates, maxEffort re-picks, the fallback when they fail, and probation.
 *
 * <p>Probation, as Finagle's {@code EnableProbation} (eager eviction off): an endpoint that
 * leaves discovery stays in the balancer, and keeps getting requests, for as long as it is
 * OPEN; it leaves when its status changes (failure accrual marks it) or at the next update
 * that finds it not OPEN, and comes off probation if discovery lists it again.
 */
final class DefaultBalancer implements Balancer, Node.Listener {
  private final LoadMetric metric;
  private final Picker picker;
  private final int maxEffort;
  private final boolean probation;
  private final RandomGenerator random;
  private final BalancerEvents events;
  private volatile Node[] nodes = new Node[0];

  DefaultBalancer(LoadMetric metric, Picker picker, int maxEffort, boolean probation,
      RandomGenerator random, BalancerEvents events) {
    this.metric = requireNonNull(metric, "metric");
    this.picker = requireNonNull(picker, "picker");
    if (maxEffort < 1) {
      throw new IllegalArgumentException("maxEffort: " + maxEffort + " (expected: >= 1)");
    }
    this.maxEffort = maxEffort;
    this.probation = probation;
    this.random = requireNonNull(random, "random");
    this.events = requireNonNull(events, "events");
  }

  @Override
  public Node pick() {
    Node[] current = nodes;
    if (current.length == 0) {
      return null;
    }
    for (int i = 0; i < maxEffort; i++) {
      Node node = picker.pick();
      if (node != null && node.status() == Node.Status.OPEN) {
        return node;
      }
    }
    events.maxEffortExhausted();
    Node best = current[0];
    for (int i = 1; i < current.length; i++) {
      best = Picker.preferred(best, current[i]);
    }
    return best;
  }

  @Override
  public synchronized void update(Set<Address> addresses) {
    Map<Address, Node> old = new LinkedHashMap<>();
    for (Node node : nodes) {
      old.put(node.address(), node);
    }
    List<Node> next = new ArrayList<>(addresses.size());
    int added = 0;
    for (Address address : addresses) {
      Node kept = old.remove(address);
      if (kept != null) {
        kept.probation(false);
        next.add(kept);
      } else {
        next.add(new Node(address, metric.newNode(), this, random.nextInt()));
        added++;
      }
    }
    int removed = 0;
    for (Node gone : old.values()) {
      boolean stays = probation && gone.status() == Node.Status.OPEN;
      gone.probation(stays);
      if (stays) {
        next.add(gone);
      } else {
        removed++;
      }
    }
    install(next.toArray(new Node[0]));
    events.added(added);
    events.removed(removed);
  }

  @Override
  public List<Node> nodes() {
    return List.of(nodes);
  }

  @Override
  public void loadChanged(Node node, int delta) {
    picker.loadChanged(node, delta);
  }

  @Override
  public void statusChanged(Node node) {
    picker.statusChanged(node);
    if (node.onProbation() && node.status() != Node.Status.OPEN) {
      evict(node);
    }
  }

  private synchronized void evict(Node node) {
    if (!node.onProbation()) {
      return; // an update got there first
    }
    node.probation(false);
    List<Node> next = new ArrayList<>(List.of(nodes));
    if (next.remove(node)) {
      install(next.toArray(new Node[0]));
      events.removed(1);
    }
  }

  private void install(Node[] next) {
    picker.rebuild(next);
    nodes = next;
  }

  @Override
  public String toString() {
    return "Balancer(" + metric + " x " + picker + ", maxEffort=" + maxEffort
        + (probation ? ", probation" : "") + ")";
  }
}
