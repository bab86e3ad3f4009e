package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.router.lb.Node;

/** One attempt of a request or stream: where it went, since when, its timer, and its end, once. */
final class Attempt {
  final Name.Bound bound;
  final BoundClient client;
  final Node node;
  private final RouteEnv env;
  private final long started;
  long timer = -1;
  boolean timedOut;
  private boolean headArrived;
  private boolean ended;

  Attempt(RouteEnv env, Name.Bound bound, BoundClient client, Node node) {
    this.env = env;
    this.bound = bound;
    this.client = client;
    this.node = node;
    this.started = env.nanoTime().getAsLong();
  }

  /** The response head came, or the attempt failed first: the timer and the node's count stop. */
  void headArrived() {
    if (headArrived) {
      return;
    }
    headArrived = true;
    if (timer >= 0) {
      env.vertx().cancelTimer(timer);
      timer = -1;
    }
    node.end(env.nanoTime().getAsLong() - started); // time to the head: what peak-EWMA weighs
  }

  /**
   * The attempt is over: counted in the client's metrics; when {@code judged}, its outcome also
   * counts for failure accrual (not when the client went away).
   */
  void ended(int status, boolean success, boolean judged) {
    if (ended) {
      return;
    }
    ended = true;
    headArrived();
    client.stats().ended(status, success, env.nanoTime().getAsLong() - started);
    if (judged) {
      if (success) {
        client.policy().accrual().succeeded(node);
      } else {
        client.policy().accrual().failed(node);
      }
    }
  }
}
