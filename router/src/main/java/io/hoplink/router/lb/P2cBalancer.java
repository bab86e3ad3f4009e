package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

final class P2cBalancer implements Balancer {
  private final RandomGenerator random;
  private volatile Node[] nodes = new Node[0];

  P2cBalancer(RandomGenerator random) {
    this.random = requireNonNull(random, "random");
  }

  @Override
  public Node pick() {
    Node[] current = nodes;
    int n = current.length;
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return current[0];
    }
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    Node first = current[a];
    Node second = current[b];
    return second.load() < first.load() ? second : first;
  }

  @Override
  public synchronized void update(Set<Address> addresses) {
    Map<Address, Node> old = new HashMap<>();
    for (Node node : nodes) {
      old.put(node.address(), node);
    }
    Node[] next = new Node[addresses.size()];
    int i = 0;
    for (Address address : addresses) {
      Node kept = old.get(address);
      next[i++] = kept != null ? kept : new Node(address);
    }
    nodes = next;
  }

  @Override
  public List<Node> nodes() {
    return List.of(nodes);
  }
}
