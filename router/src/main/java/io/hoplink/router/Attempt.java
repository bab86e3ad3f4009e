package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.router.lb.Node;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.tracing.RequestTrace;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.function.Consumer;

/** One attempt of a request or stream: where it went, since when, its timer, and its end, once. */
final class Attempt {
  final Name.Bound bound;
  final BoundClient client;
  final Node node;
  private final RouteEnv env;
  private final long started;
  long timer = -1;
  boolean timedOut;
  /** The attempt's client span; NONE when the request is not traced. */
  private RequestTrace.AttemptTrace span = RequestTrace.AttemptTrace.NONE;
  private boolean headArrived;
  private boolean ended;

  Attempt(RouteEnv env, Name.Bound bound, BoundClient client, Node node) {
    this.env = env;
    this.bound = bound;
    this.client = client;
    this.node = node;
    this.started = env.nanoTime().getAsLong();
  }

  /**
   * Picks where the next attempt of {@code name} goes ({@code requeueTo}, a requeue, or a new
   * pick from {@code tree}) and readies it: the {@code l5d-dst-*} headers, the outgoing deadline
   * tightened by {@code requestAttemptTimeoutMs} (whose passing calls {@code abort}), and the
   * client's and node's counts. When there is nowhere to go, {@code refused} gets the status and
   * the reason and the result is null: no hosts (502), or, for a request steered by its own
   * dtab ({@code steered}), an endpoint that is one of this process's listeners (403).
   * {@code trace} writes the attempt's trace context onto {@code headers}.
   */
  static Attempt open(RouteEnv env, ServiceSpan span, Path name, BoundTreePicker tree,
      Name.Bound requeueTo, MultiMap headers, boolean steered, Consumer<String> abort,
      NameRouting.Failure refused, RequestTrace trace) {
    Name.Bound bound = requeueTo != null ? requeueTo : tree.pick();
    if (bound == null) {
      refused.fail(502, "no hosts are available for " + name.show() + ": it binds to "
          + tree.tree().show());
      return null;
    }
    BoundClient client = env.runtime().client(bound);
    Node node = client.pick();
    if (node == null) {
      String why = client.policy().failFast() && client.size() > 0
          ? " (every endpoint is marked down; failFast)" : "";
      refused.fail(502, "no hosts are available for " + client.id().show() + why);
      return null;
    }
    if (steered && env.listeners().reaches(node.address())) {
      refused.fail(403, "a per-request dtab may not reach this router's own servers or admin ("
          + node.address().hostPort() + ")");
      return null;
    }
    ClientPolicy policy = client.policy();
    if (requeueTo == null) {
      policy.requeueBudget().deposit();
    }
    headers.set("l5d-dst-service", name.show());
    headers.set("l5d-dst-client", client.id().show());
    headers.set("l5d-dst-residual", bound.residual().show());
    Attempt attempt = new Attempt(env, bound, client, node);
    Deadline outgoing = span.deadline();
    if (policy.attemptTimeout().isPresent()) {
      Duration timeout = policy.attemptTimeout().get();
      Deadline limit = Deadline.after(env.wallNanos().getAsLong(), timeout.toNanos());
      outgoing = outgoing == null ? limit : outgoing.combined(limit);
      attempt.timer = env.timers().schedule(timeout.toMillis(), () -> {
        attempt.timer = -1;
        attempt.timedOut = true;
        abort.accept("requestAttemptTimeoutMs " + timeout.toMillis() + " ms passed");
      });
    }
    if (outgoing != null) {
      headers.set(Deadline.HEADER, outgoing.show());
      if (headers.contains(Deadline.GRPC_TIMEOUT)) { // what is left, not what was
        headers.set(Deadline.GRPC_TIMEOUT,
            Deadline.grpcTimeout(outgoing.remainingNanos(env.wallNanos().getAsLong())));
      }
    }
    attempt.span = trace.attempt(headers, client.id().show(), bound.residual().show(),
        node.address().host(), node.address().port(), requeueTo != null);
    client.stats().started();
    client.attemptFor(name);
    node.begin();
    policy.accrual().dispatched(node);
    return attempt;
  }

  /** The response head came, or the attempt failed first: the timer and the node's count stop. */
  void headArrived() {
    if (headArrived) {
      return;
    }
    headArrived = true;
    if (timer >= 0) {
      env.timers().cancel(timer);
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
    span.end(status, success);
    if (judged) {
      if (success) {
        client.policy().accrual().succeeded(node);
      } else {
        client.policy().accrual().failed(node);
      }
    }
  }
}
