package io.hoplink.router.lb;

/**
 * A picking rule: the other half of a balancer, the load metric the first. The balancer calls
 * {@link #rebuild} (under its lock) whenever its node set changes and {@link #pick} from any
 * thread; nodes report their load and status changes through the {@link Node.Listener} methods.
 */
interface Picker extends Node.Listener {
  /** A node of the last rebuilt set, or null when it is empty. */
  Node pick();

  /** The node set changed; nodes that stayed are the same objects. */
  void rebuild(Node[] nodes);

  @Override
  default void loadChanged(Node node, int delta) {}

  @Override
  default void statusChanged(Node node) {}

  /** Of two nodes, the healthier one, then the less loaded one; {@code a} on a tie. */
  static Node preferred(Node a, Node b) {
    int byStatus = a.status().compareTo(b.status());
    if (byStatus != 0) {
      return byStatus < 0 ? a : b;
    }
    return b.load() < a.load() ? b : a;
  }
}
