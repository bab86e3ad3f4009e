package io.hoplink.router.lb;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;

/** Power of two choices: two distinct random nodes, the healthier then less loaded one wins. */
final class P2cPicker implements Picker {
  private final RandomGenerator random;
  private volatile Node[] nodes = new Node[0];

  P2cPicker(RandomGenerator random) {
    this.random = requireNonNull(random, "random");
  }

  @Override
  public Node pick() {
    return pick(nodes, nodes.length, random);
  }

  /** P2c over the first {@code n} of {@code nodes}; aperture uses it on its window. */
  static Node pick(Node[] nodes, int n, RandomGenerator random) {
    if (n <= 1) {
      return n == 0 ? null : nodes[0];
    }
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    return Picker.preferred(nodes[a], nodes[b]);
  }

  @Override
  public void rebuild(Node[] nodes) {
    this.nodes = nodes;
  }

  @Override
  public String toString() {
    return "P2c";
  }
}
