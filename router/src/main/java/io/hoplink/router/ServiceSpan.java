package io.hoplink.router;

import io.hoplink.naming.Path;
import io.hoplink.router.resilience.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service side of one request or stream: counted as started and deposited in the retry
 * budget, its deadline (the request's own, tightened by {@code totalTimeoutMs}) with the one
 * timer that enforces it, and its end in the service's metrics, once.
 */
final class ServiceSpan {
  private final RouteEnv env;
  private final Path name;
  private final ServicePolicy service;
  private final long start;
  private Deadline incoming;
  private Deadline total;
  private Deadline deadline;
  private Consumer<String> onExpiry;
  private long timer = -1;
  private boolean ended;
  /** Told of the end when recent requests are sampled; null otherwise. */
  private EndListener endListener;

  /** Told once how the span ended. */
  @FunctionalInterface
  interface EndListener {
    void ended(int status, long latencyNanos);
  }

  ServiceSpan(RouteEnv env, Path name) {
    this.env = env;
    this.name = name;
    this.service = env.runtime().service(name);
    this.start = env.nanoTime().getAsLong();
  }

  ServicePolicy service() {
    return service;
  }

  /**
   * Starts the span: the deadline is {@code incoming} (the request's own; null: none) tightened
   * by {@code totalTimeoutMs}; when it passes, {@code onExpiry} gets the reason (unless the timer
   * was cancelled first).
   */
  void begin(Deadline incoming, Consumer<String> onExpiry) {
    service.stats().started();
    service.retryBudget().deposit();
    this.incoming = incoming;
    this.onExpiry = onExpiry;
    deadline = incoming;
    Optional<Duration> totalTimeout = service.totalTimeout();
    if (totalTimeout.isPresent()) {
      total = Deadline.after(env.wallNanos().getAsLong(), totalTimeout.get().toNanos());
      deadline = deadline == null ? total : deadline.combined(total);
    }
    arm(deadline);
  }

  /**
   * The response is the client's: {@code totalTimeoutMs} is over; the request's own deadline
   * still runs when {@code deadlineCoversResponse}.
   */
  void relaying(boolean deadlineCoversResponse) {
    cancelTimer();
    if (deadlineCoversResponse) {
      arm(incoming);
    }
  }

  private void arm(Deadline until) {
    cancelTimer();
    if (until == null) {
      return;
    }
    long left = until.remainingNanos(env.wallNanos().getAsLong());
    boolean byTotal = total != null && until.deadlineNanos() == total.deadlineNanos();
    timer = env.timers().schedule(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), () -> {
      timer = -1;
      onExpiry.accept(byTotal ? "exceeded totalTimeoutMs "
          + service.totalTimeout().orElseThrow().toMillis() + " ms for " + name.show()
          : "deadline exceeded");
    });
  }

  void onEnd(EndListener listener) {
    this.endListener = listener;
  }

  /** The request's deadline; null: none. */
  Deadline deadline() {
    return deadline;
  }

  /** Whether the deadline has passed. */
  boolean expired() {
    return deadline != null && deadline.expired(env.wallNanos().getAsLong());
  }

  /** The request has ended: no deadline to enforce. */
  void cancelTimer() {
    if (timer >= 0) {
      env.timers().cancel(timer);
      timer = -1;
    }
  }

  /** Counts the end in the service's metrics and stops the timer; later calls do nothing. */
  void end(int status, boolean success) {
    cancelTimer();
    if (!ended) {
      ended = true;
      long latency = env.nanoTime().getAsLong() - start;
      service.stats().ended(status, success, latency);
      if (endListener != null) {
        endListener.ended(status, latency);
      }
    }
  }
}
