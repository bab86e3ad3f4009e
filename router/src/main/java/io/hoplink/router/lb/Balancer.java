package io.hoplink.router.lb;

import io.hoplink.naming.Address;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks an endpoint for each request. Safe to call from several event loops at once; the
 * endpoint set is replaced by {@link #update} when discovery changes, keeping the state of
 * endpoints that stayed.
 */
public interface Balancer {
  /** The node for the next request, or null when there is none. */
  Node pick();

  /** Replaces the endpoint set. */
  void update(Set<Address> addresses);

  /** The current nodes. */
  List<Node> nodes();

  /**
   * Power of two choices over least outstanding requests (weighted): two distinct random nodes,
   * the less loaded wins.
   */
  static Balancer p2c(RandomGenerator random) {
    return new P2cBalancer(random);
  }
}
